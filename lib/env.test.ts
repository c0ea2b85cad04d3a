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

describe("SMTP settings", () => {
  it("accepts smtp:// and smtps:// URLs and From addresses with or without a name", () => {
    const plain = envWith({ SMTP_URL: "smtp://mailer:pa%40ss@smtp.example.com:587" })();
    expect(plain.SMTP_URL).toBe("smtp://mailer:pa%40ss@smtp.example.com:587");
    expect(plain.SMTP_FROM).toBeUndefined();
    expect(envWith({ SMTP_URL: " smtps://smtp.example.com:465 ", SMTP_FROM: "Keygate Team <keygate@example.com>" })()).toMatchObject({
      SMTP_URL: "smtps://smtp.example.com:465",
      SMTP_FROM: "Keygate Team <keygate@example.com>",
    });
    expect(envWith({ SMTP_URL: "smtp://127.0.0.1:2525", SMTP_FROM: "noreply@example.com" })()).toMatchObject({ SMTP_FROM: "noreply@example.com" });
    expect(envWith({ SMTP_URL: "" })().SMTP_URL).toBeUndefined();
  });

  it("refuses a URL that is not smtp:// or smtps://, and never repeats it (it holds a password)", () => {
    for (const value of ["http://mailer:hunter2secret@smtp.example.com", "smtp:mailer:hunter2secret", "mailer:hunter2secret@smtp.example.com:587", "smtp://mailer:hunter2secret@:587"]) {
      const read = envWith({ SMTP_URL: value });
      expect(read).toThrow(/^Invalid configuration: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL with a host/);
      let message = "";
      try {
        read();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toContain("hunter2secret");
      expect(message).not.toContain("mailer");
    }
  });

  it("refuses a From that is not an address or Name <address>", () => {
    for (const value of ["Keygate", "Keygate <not-an-address>", "a@example.com, b@example.com", "Keygate <a@example.com", "Evil\r\nBcc: x@example.com <a@example.com>"]) {
      expect(envWith({ SMTP_URL: "smtp://smtp.example.com", SMTP_FROM: value })).toThrow(
        'Invalid configuration: SMTP_FROM must be an e-mail address or "Name <address>", e.g. Keygate <keygate@example.com>',
      );
    }
  });

  it("refuses SMTP_FROM without SMTP_URL", () => {
    expect(envWith({ SMTP_FROM: "keygate@example.com" })).toThrow("Invalid configuration: SMTP_FROM is set but SMTP_URL is not");
  });
});
