import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { decrypt, deriveKey, encrypt, safeEqual, sha256Hex } from "@/lib/crypto/cipher";

const SECRET = "a-test-app-secret-that-is-long-enough-0123456789";
const key = deriveKey(SECRET, "stored-secrets");

/** Changes one character of a base64url string to another valid one. */
function flip(part: string, at = 0): string {
  const c = part[at] === "A" ? "B" : "A";
  return part.slice(0, at) + c + part.slice(at + 1);
}

describe("encrypt / decrypt", () => {
  test("round-trips, including non-ASCII and empty text", () => {
    for (const text of ["sk-AbCdEfGhIjKlMnOpQrStUvWxYz012345", "päßwörd ✓ 鍵", ""]) {
      expect(decrypt(encrypt(text, key), key)).toBe(text);
    }
  });

  test("never produces the same ciphertext twice, nor contains the plaintext", () => {
    const plaintext = "sk-AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    const a = encrypt(plaintext, key);
    const b = encrypt(plaintext, key);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain("AbCdEfGh");
    expect(Buffer.from(a.split(".")[3] ?? "", "base64url").toString("utf8")).not.toContain("AbCdEfGh");
  });

  test.each([
    ["iv", 1],
    ["auth tag", 2],
    ["ciphertext", 3],
  ])("detects a tampered %s", (_, index) => {
    const parts = encrypt("secret value", key).split(".");
    parts[index] = flip(parts[index] ?? "");
    expect(() => decrypt(parts.join("."), key)).toThrow();
  });

  test("fails with the wrong key", () => {
    const sealed = encrypt("secret value", key);
    expect(() => decrypt(sealed, deriveKey(SECRET, "sessions"))).toThrow();
    expect(() => decrypt(sealed, deriveKey(`${SECRET}x`, "stored-secrets"))).toThrow();
  });

  test.each(["", "v1", "v1.a.b", "v2.aaaa.bbbb.cccc", "plain text"])("refuses the malformed payload %j", (payload) => {
    expect(() => decrypt(payload, key)).toThrow();
  });
});

describe("deriveKey", () => {
  test("gives 32 bytes, stable per secret and purpose, different across both", () => {
    expect(key).toHaveLength(32);
    expect(deriveKey(SECRET, "stored-secrets").equals(key)).toBe(true);
    expect(deriveKey(SECRET, "sessions").equals(key)).toBe(false);
    expect(deriveKey(`${SECRET}!`, "stored-secrets").equals(key)).toBe(false);
  });
});

describe("sha256Hex / safeEqual", () => {
  test("sha256Hex is the SHA-256 hex digest", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("sk-x")).toBe(createHash("sha256").update("sk-x").digest("hex"));
  });

  test("safeEqual compares strings of any length", () => {
    expect(safeEqual("token", "token")).toBe(true);
    expect(safeEqual("token", "token2")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("a", "")).toBe(false);
  });
});
