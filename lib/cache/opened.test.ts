import { expect, test } from "vitest";
import { forget, notOpened, openOnce } from "@/lib/cache/opened";

test("opens once for every caller, then hands out the value itself", async () => {
  const slot = notOpened<number>();
  let opens = 0;
  const open = async () => ++opens;
  const [a, b] = [openOnce(slot, open), openOnce(slot, open)];
  expect(a).toBe(b);
  expect(slot.ready).toBeUndefined();
  expect(await a).toBe(1);
  expect(slot.ready).toBe(1);
  expect(opens).toBe(1);
});

test("a failed open is tried again by the next caller", async () => {
  const slot = notOpened<string>();
  await expect(openOnce(slot, () => Promise.reject(new Error("down")))).rejects.toThrow("down");
  expect(slot.pending).toBeUndefined();
  expect(await openOnce(slot, async () => "up")).toBe("up");
  expect(slot.ready).toBe("up");
});

test("an open older than forget() does not fill the slot again", async () => {
  const slot = notOpened<string>();
  let release: (value: string) => void = () => undefined;
  const old = openOnce(slot, () => new Promise<string>((resolve) => (release = resolve)));
  expect(forget(slot)).toBe(old);
  release("stale");
  await old;
  expect(slot.ready).toBeUndefined();
  expect(await openOnce(slot, async () => "fresh")).toBe("fresh");
});
