import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, resetEnvForTests } from "@/lib/env";
import { isServerless } from "@/lib/serverless";

const PG = "postgresql://u@localhost/db";

function withEnv(vars: Record<string, string>) {
  vi.unstubAllEnvs();
  resetEnvForTests();
  for (const name of ["VERCEL", "KEYGATE_RUNTIME", "DATABASE_URL"]) vi.stubEnv(name, "");
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return isServerless;
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("isServerless", () => {
  it("is off by default (a long-running Node server)", () => {
    expect(withEnv({})()).toBe(false);
    expect(withEnv({ KEYGATE_RUNTIME: "node", DATABASE_URL: PG })()).toBe(false);
  });

  it("is on with KEYGATE_RUNTIME=serverless or on Vercel (VERCEL=1)", () => {
    expect(withEnv({ KEYGATE_RUNTIME: "serverless", DATABASE_URL: PG })()).toBe(true);
    expect(withEnv({ VERCEL: "1", DATABASE_URL: PG })()).toBe(true);
    // Vercel freezes its functions whatever the variable says.
    expect(withEnv({ VERCEL: "1", KEYGATE_RUNTIME: "node", DATABASE_URL: PG })()).toBe(true);
    expect(withEnv({ VERCEL: "0", DATABASE_URL: PG })()).toBe(false);
  });

  it("refuses an unknown KEYGATE_RUNTIME with a clear message", () => {
    expect(withEnv({ KEYGATE_RUNTIME: "lambda", DATABASE_URL: PG })).toThrow(
      new ConfigError('Invalid configuration: KEYGATE_RUNTIME must be "node" or "serverless"'),
    );
  });

  it("needs PostgreSQL: the embedded database cannot be shared by function instances", () => {
    expect(withEnv({ KEYGATE_RUNTIME: "serverless" })).toThrow(/serverless mode .* needs DATABASE_URL/);
    expect(withEnv({ VERCEL: "1" })).toThrow(ConfigError);
  });

  it("refuses a CRON_SECRET too short to be a secret", () => {
    expect(withEnv({ CRON_SECRET: "short" })).toThrow(/CRON_SECRET must be at least 16 characters/);
  });
});
