import "server-only";
import { getAppSecret } from "@/lib/crypto/app-secret";
import { decrypt, deriveKey, encrypt } from "@/lib/crypto/cipher";

export { getAppSecret } from "@/lib/crypto/app-secret";
export { safeEqual, sha256Hex } from "@/lib/crypto/cipher";

let storageKey: Buffer | undefined;
function secretsKey(): Buffer {
  return (storageKey ??= deriveKey(getAppSecret(), "stored-secrets"));
}

/** Encrypts a secret for storage (API keys, provider keys). */
export function sealSecret(plaintext: string): string {
  return encrypt(plaintext, secretsKey());
}

export function openSecret(ciphertext: string): string {
  return decrypt(ciphertext, secretsKey());
}

/** The secret next-auth signs and encrypts sessions with. */
export function sessionSecret(): string {
  return deriveKey(getAppSecret(), "sessions").toString("base64url");
}
