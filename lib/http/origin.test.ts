import { afterEach, describe, expect, test } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { checkRequestOrigin, isValidHost } from "@/lib/http/origin";

afterEach(() => {
  delete process.env.PUBLIC_URL;
  delete process.env.TRUSTED_PROXIES;
  resetEnvForTests();
});

function setEnv(vars: Record<string, string>): void {
  Object.assign(process.env, vars);
  resetEnvForTests();
}

const headers = (h: Record<string, string>) => new Headers({ "x-keygate-peer": "203.0.113.9", ...h });

describe("checkRequestOrigin", () => {
  test("without PUBLIC_URL: http and the Host, with Next's own copies of X-Forwarded-*", () => {
    expect(checkRequestOrigin(headers({ host: "localhost:8080" }))).toMatchObject({ ok: true, origin: "http://localhost:8080" });
    const filled = headers({ host: "localhost:8080", "x-forwarded-host": "localhost:8080", "x-forwarded-proto": "http" });
    expect(checkRequestOrigin(filled)).toMatchObject({ ok: true, origin: "http://localhost:8080" });
  });

  test("forwarded headers from an untrusted peer that disagree are refused", () => {
    expect(checkRequestOrigin(headers({ host: "localhost:8080", "x-forwarded-host": "evil.example" })).ok).toBe(false);
    expect(checkRequestOrigin(headers({ host: "localhost:8080", "x-forwarded-proto": "https" })).ok).toBe(false);
  });

  test("a Host that is no host name is refused", () => {
    for (const host of ["", "evil.example/path", "a b", "user@evil.example", "evil.example:8080:1", "<script>"]) {
      expect(checkRequestOrigin(headers({ host })).ok, host).toBe(false);
    }
    expect(checkRequestOrigin(new Headers()).ok).toBe(false);
  });

  test("from a trusted proxy, its X-Forwarded-Host and -Proto", () => {
    setEnv({ TRUSTED_PROXIES: "10.0.0.0/8" });
    const h = new Headers({ "x-keygate-peer": "10.1.2.3", host: "127.0.0.1:8080", "x-forwarded-host": "keys.example.com", "x-forwarded-proto": "https" });
    expect(checkRequestOrigin(h)).toMatchObject({ ok: true, origin: "https://keys.example.com" });
  });

  test("PUBLIC_URL wins over every header", () => {
    setEnv({ PUBLIC_URL: "https://keys.example.com/base" });
    expect(checkRequestOrigin(headers({ host: "evil.example", "x-forwarded-host": "evil.example" }))).toMatchObject({ ok: true, origin: "https://keys.example.com" });
  });
});

describe("isValidHost", () => {
  test.each(["localhost", "localhost:8080", "keys.example.com", "127.0.0.1:80", "[::1]:8080", "xn--caf-dma.example"])("%s is a host", (host) => {
    expect(isValidHost(host)).toBe(true);
  });
  test.each(["", "a/b", "a b", "a@b", "-a.example", "a:b", "a:123456"])("%j is not", (host) => {
    expect(isValidHost(host)).toBe(false);
  });
});
