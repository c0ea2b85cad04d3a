import { describe, expect, test } from "vitest";
import { API_KEY_PATTERN, generateApiKey, maskApiKey, maskSecret } from "@/lib/api-keys/key-format";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

describe("generateApiKey", () => {
  test("is sk- followed by 32 characters of [A-Za-z0-9]", () => {
    for (let i = 0; i < 1000; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^sk-[A-Za-z0-9]{32}$/);
      expect(key).toHaveLength(35);
      expect(API_KEY_PATTERN.test(key)).toBe(true);
    }
  });

  test("never repeats", () => {
    const keys = new Set(Array.from({ length: 20_000 }, generateApiKey));
    expect(keys.size).toBe(20_000);
  });

  test("uses every character of the alphabet about equally often (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const keys = 20_000;
    for (let i = 0; i < keys; i++) for (const c of generateApiKey().slice(3)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join("")).toBe([...ALPHABET].sort().join(""));
    // 640,000 characters: about 10,323 each, standard deviation about 100. `byte % 62` without
    // rejection would make 8 characters 21% more likely; 8% is far outside chance either way.
    const expected = (keys * 32) / ALPHABET.length;
    for (const [c, n] of counts) expect(Math.abs(n - expected) / expected, `character ${c}: ${n}`).toBeLessThan(0.08);
  });
});

describe("API_KEY_PATTERN", () => {
  test.each(["sk-short", `sk-${"a".repeat(33)}`, `pk-${"a".repeat(32)}`, `sk-${"a".repeat(31)}!`, ` sk-${"a".repeat(32)}`])("refuses %s", (value) => {
    expect(API_KEY_PATTERN.test(value)).toBe(false);
  });
});

describe("maskApiKey", () => {
  test("keeps the prefix and the last four characters only", () => {
    expect(maskApiKey("sk-AbCdEfGhIjKlMnOpQrStUvWxYz012345")).toBe("sk-AbCd…2345");
  });

  test("reveals almost nothing of a short secret", () => {
    expect(maskApiKey("sk-abcdefgh")).toBe("sk-…");
  });
});

describe("maskSecret (provider keys)", () => {
  test("shows at most a quarter of a short key", () => {
    const key = "upstream-secret-123"; // 19 characters
    const shown = maskSecret(key);
    expect(shown).toBe("up…23");
    expect(shown.replace("…", "").length).toBeLessThanOrEqual(key.length / 4);
  });

  test("a long key keeps a recognisable prefix and its last four", () => {
    expect(maskSecret(`sk-proj-${"a".repeat(48)}WXYZ`)).toBe("sk-proj…WXYZ");
  });

  test("a very short key shows nothing", () => {
    expect(maskSecret("abc1234")).toBe("…");
  });
});
