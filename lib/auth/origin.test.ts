import { afterEach, describe, expect, test } from "vitest";
import { assertJsonWrite, assertSameOrigin } from "@/lib/auth/origin";
import { resetEnvForTests } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";

afterEach(() => {
  delete process.env.PUBLIC_URL;
  delete process.env.TRUSTED_PROXIES;
  resetEnvForTests();
});

function setEnv(vars: Record<string, string>): void {
  Object.assign(process.env, vars);
  resetEnvForTests();
}

const HOST = "keygate.test:8080";

function write(headers: Record<string, string>, method = "POST"): Request {
  return new Request("http://keygate.test:8080/api/keys", { method, headers: { host: HOST, "x-keygate-peer": "203.0.113.9", ...headers } });
}

function verdict(fn: () => void): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe("assertSameOrigin", () => {
  test.each([
    ["our Origin", { origin: "http://keygate.test:8080" }, "ok"],
    ["our Origin over https (a TLS proxy in front)", { origin: "https://keygate.test:8080" }, "ok"],
    ["Sec-Fetch-Site same-origin with our Origin", { origin: "http://keygate.test:8080", "sec-fetch-site": "same-origin" }, "ok"],
    ["no Origin, our Referer", { referer: "http://keygate.test:8080/keys" }, "ok"],
    ["no Origin, Referer or Sec-Fetch-Site (a script)", {}, "ok"],
    ["Sec-Fetch-Site none (typed by the user)", { "sec-fetch-site": "none" }, "ok"],
    ["another Origin", { origin: "http://evil.example" }, "403 csrf_rejected"],
    ["our host name on another port", { origin: "http://keygate.test:9999" }, "403 csrf_rejected"],
    ["the opaque null Origin", { origin: "null" }, "403 csrf_rejected"],
    ["an Origin that is no URL", { origin: "keygate.test:8080" }, "403 csrf_rejected"],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }, "403 csrf_rejected"],
    ["Sec-Fetch-Site cross-site even with our Origin", { "sec-fetch-site": "cross-site", origin: "http://keygate.test:8080" }, "403 csrf_rejected"],
    ["Sec-Fetch-Site same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }, "403 csrf_rejected"],
    ["no Origin, another Referer", { referer: "http://evil.example/page" }, "403 csrf_rejected"],
    ["an Origin matching a forged X-Forwarded-Host from an untrusted peer", { origin: "http://evil.example", "x-forwarded-host": "evil.example" }, "400 untrusted_host"],
  ])("%s: %s", (_, headers, expected) => {
    expect(verdict(() => assertSameOrigin(write(headers)))).toBe(expected);
  });

  test("requireOrigin refuses a request without Origin", () => {
    expect(verdict(() => assertSameOrigin(write({}), { requireOrigin: true }))).toBe("403 csrf_rejected");
    expect(verdict(() => assertSameOrigin(write({ origin: "http://keygate.test:8080" }), { requireOrigin: true }))).toBe("ok");
  });

  test("PUBLIC_URL's host is ours too", () => {
    setEnv({ PUBLIC_URL: "https://keys.example.com" });
    expect(verdict(() => assertSameOrigin(write({ origin: "https://keys.example.com" })))).toBe("ok");
    expect(verdict(() => assertSameOrigin(write({ origin: "https://evil.example.com" })))).toBe("403 csrf_rejected");
  });

  test("a trusted proxy's X-Forwarded-Host is ours", () => {
    setEnv({ TRUSTED_PROXIES: "10.0.0.0/8" });
    const request = write({ origin: "https://keys.example.com", "x-forwarded-host": "keys.example.com", "x-keygate-peer": "10.0.0.2" });
    expect(verdict(() => assertSameOrigin(request))).toBe("ok");
  });
});

describe("assertJsonWrite", () => {
  test.each([
    ["application/json", { "content-type": "application/json", "content-length": "2" }, "ok"],
    ["application/json with a charset", { "content-type": "application/json; charset=utf-8", "content-length": "2" }, "ok"],
    ["no body and no type (DELETE, POST without body)", {}, "ok"],
    ["text/plain (what a cross-site form can send)", { "content-type": "text/plain", "content-length": "2" }, "415 unsupported_media_type"],
    ["a form", { "content-type": "application/x-www-form-urlencoded", "content-length": "2" }, "415 unsupported_media_type"],
    ["multipart", { "content-type": "multipart/form-data; boundary=x", "content-length": "2" }, "415 unsupported_media_type"],
    ["a body without a type", { "content-length": "2" }, "415 unsupported_media_type"],
    ["an empty text/plain body", { "content-type": "text/plain" }, "415 unsupported_media_type"],
  ])("%s", (_, headers, expected) => {
    expect(verdict(() => assertJsonWrite(write(headers)))).toBe(expected);
  });
});
