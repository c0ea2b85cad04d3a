import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-address";
import { resetEnvForTests } from "@/lib/env";

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  resetEnvForTests();
});

describe("clientAddress", () => {
  it("is the socket's peer: a client's own X-Forwarded-For does not move it to another bucket", () => {
    expect(clientAddress({ "x-keygate-peer": "203.0.113.9", "x-forwarded-for": "198.51.100.1" })).toBe("203.0.113.9");
  });

  it("reads X-Forwarded-For only from a trusted proxy", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8";
    resetEnvForTests();
    expect(clientAddress(new Headers({ "x-keygate-peer": "10.0.0.2", "x-forwarded-for": "198.51.100.7" }))).toBe("198.51.100.7");
  });

  it("falls back to a fixed bucket when the address is unknown", () => {
    expect(clientAddress({})).toBe("unknown");
    expect(clientAddress({ "x-forwarded-for": "198.51.100.7" })).toBe("unknown");
  });
});
