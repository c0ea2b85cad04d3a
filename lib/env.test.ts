import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, getEnv, resetEnvForTests } from "@/lib/env";

function envWith(vars: Record<string, string>) {
  vi.unstubAllEnvs();
  resetEnvForTests();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return () => getEnv();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("numeric settings", () => {
  it("says in words what a port must be, and repeats the value given", () => {
    expect(envWith({ PORT: "abc" })).toThrow(new ConfigError('Invalid configuration: PORT must be a whole number from 1 to 65535 (got "abc")'));
    expect(envWith({ PORT: "80.5" })).toThrow(/PORT must be a whole number from 1 to 65535 \(got "80.5"\)/);
    expect(envWith({ PORT: "70000" })).toThrow(/PORT must be a whole number from 1 to 65535/);
  });

  it("never reads 'expected int, received number'", () => {
    expect(envWith({ UPSTREAM_TIMEOUT_MS: "1.5" })).toThrow('Invalid configuration: UPSTREAM_TIMEOUT_MS must be a whole number of at least 1 (got "1.5")');
    expect(envWith({ USAGE_FLUSH_MS: "10" })).toThrow(/USAGE_FLUSH_MS must be a whole number from 50 to 1000/);
  });

  it("accepts good values", () => {
    expect(envWith({ PORT: "9401", USAGE_FLUSH_MS: "100" })()).toMatchObject({ PORT: 9401, USAGE_FLUSH_MS: 100 });
  });

  it("does not repeat a secret's value", () => {
    expect(envWith({ APP_SECRET: "short-secret" })).toThrow(/^Invalid configuration: APP_SECRET must be at least 32 characters[^"]*$/);
  });
});
