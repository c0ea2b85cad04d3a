export * from "@/lib/api-keys/keys";
export { verifyApiKey, cachedKeyCount, type VerifyResult } from "@/lib/api-keys/verify";
export { extractApiKey, redactUrl } from "@/lib/api-keys/extract";
export * from "@/lib/api-keys/schemas";
export * from "@/lib/api-keys/rotation";
