import { afterEach, describe, expect, test } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { publicBaseUrl } from "@/lib/server-info";

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

describe("publicBaseUrl", () => {
  test("PUBLIC_URL wins, without its trailing slash", () => {
    setEnv({ PUBLIC_URL: "https://gw.example.com/" });
    expect(publicBaseUrl(headers({ host: "other:1", "x-forwarded-host": "evil.example" }))).toBe("https://gw.example.com");
  });

  test("an untrusted X-Forwarded-Host or -Proto is not shown to the admin as the proxy's address", () => {
    expect(publicBaseUrl(headers({ host: "localhost:8080", "x-forwarded-host": "evil.example" }))).toBe("http://localhost:8080");
    expect(publicBaseUrl(headers({ host: "localhost:8080", "x-forwarded-proto": "https" }))).toBe("http://localhost:8080");
  });

  test("a trusted proxy's forwarded host and scheme are", () => {
    setEnv({ TRUSTED_PROXIES: "203.0.113.0/24" });
    expect(publicBaseUrl(headers({ host: "10.0.0.5:8080", "x-forwarded-host": "gw.example.com", "x-forwarded-proto": "https" }))).toBe("https://gw.example.com");
  });

  test("a Host that is no host name falls back to localhost and the port", () => {
    expect(publicBaseUrl(headers({ host: "a b/c" }))).toMatch(/^http:\/\/localhost:\d+$/);
  });
});
