import { describe, expect, test } from "vitest";
import { clientIp } from "@/lib/http/client-ip";
import { LeanHeaders } from "@/lib/http/lean-headers.mjs";

const peer = (address: string, xff?: string) => new Headers({ "x-keygate-peer": address, ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientIp", () => {
  test("reads the lean /v1 path's LeanHeaders as it reads a Headers", () => {
    const lean = new LeanHeaders({ "x-keygate-peer": "10.0.0.2", "x-forwarded-for": "198.51.100.7, 10.0.0.5" }) as unknown as Headers;
    expect(clientIp(lean, ["10.0.0.0/8"])).toBe("198.51.100.7");
    expect(clientIp(lean, [])).toBe("10.0.0.2");
  });

  test("the socket's peer, and X-Forwarded-For ignored from an untrusted peer", () => {
    expect(clientIp(peer("203.0.113.9", "1.2.3.4"), [])).toBe("203.0.113.9");
    expect(clientIp(peer("203.0.113.9", "1.2.3.4"), ["10.0.0.0/8"])).toBe("203.0.113.9");
  });

  test("IPv4-mapped IPv6 peers are their IPv4 address", () => {
    expect(clientIp(peer("::ffff:127.0.0.1"), [])).toBe("127.0.0.1");
    expect(clientIp(peer("2001:db8::1"), [])).toBe("2001:db8::1");
  });

  test("behind trusted proxies: right to left, skipping trusted hops", () => {
    expect(clientIp(peer("10.0.0.2", "198.51.100.7, 10.0.0.5"), ["10.0.0.0/8"])).toBe("198.51.100.7");
    // A client cannot spoof its way in by prepending addresses: only the rightmost untrusted hop counts.
    expect(clientIp(peer("10.0.0.2", "192.0.2.1, 198.51.100.7"), ["10.0.0.0/8"])).toBe("198.51.100.7");
  });

  test("unknown without a peer address or with a malformed forwarded hop", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }), [])).toBeNull();
    expect(clientIp(peer("10.0.0.2", "nonsense"), ["10.0.0.0/8"])).toBeNull();
  });
});
