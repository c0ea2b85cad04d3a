import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, getEnv } from "@/lib/env";

let cached: string | undefined;

/**
 * APP_SECRET encrypts stored secrets and signs sessions. On the embedded database a missing one is
 * generated once and kept in DATA_DIR (mode 0600); on PostgreSQL every instance must share it.
 */
export function getAppSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.APP_SECRET) return (cached = env.APP_SECRET);
  if (!env.embedded) {
    throw new ConfigError(
      "APP_SECRET is required with DATABASE_URL: every instance must share it to decrypt stored keys and verify sessions (generate one with `openssl rand -base64 48`)",
    );
  }
  const file = path.join(env.dataDir, "app-secret");
  mkdirSync(env.dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new ConfigError(`${file} holds no usable secret: delete it or set APP_SECRET`);
  return (cached = secret);
}
