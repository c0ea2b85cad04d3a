import { describe, expect, test } from "vitest";
import { compileIpAllowlist, compileModelAllowlist, parseIpEntry } from "@/lib/policies/patterns";

describe("model allowlist", () => {
  test("exact ids and `*` wildcards; everything else literal", () => {
    const allowed = compileModelAllowlist(["gpt-4o-mini", "anthropic/*", "gpt-4.1*"]);
    expect(allowed?.("gpt-4o-mini")).toBe(true);
    expect(allowed?.("gpt-4o")).toBe(false);
    expect(allowed?.("anthropic/claude-sonnet-4")).toBe(true);
    expect(allowed?.("openai/anthropic/x")).toBe(false);
    expect(allowed?.("gpt-4.1-mini")).toBe(true);
    // "." is not a regex wildcard.
    expect(allowed?.("gpt-4x1")).toBe(false);
    expect(compileModelAllowlist([])).toBeNull();
  });
});

describe("IP allowlist", () => {
  test("addresses and ranges of both families, IPv4-mapped IPv6 as IPv4", () => {
    const allowed = compileIpAllowlist(["203.0.113.7", "10.0.0.0/8", "2001:db8::/32", "::ffff:192.0.2.0/120"]);
    expect(allowed?.("203.0.113.7")).toBe(true);
    expect(allowed?.("203.0.113.8")).toBe(false);
    expect(allowed?.("10.255.0.1")).toBe(true);
    expect(allowed?.("2001:db8:1::9")).toBe(true);
    expect(allowed?.("2001:db9::9")).toBe(false);
    expect(allowed?.("::ffff:10.1.1.1")).toBe(true);
    expect(allowed?.("192.0.2.200")).toBe(true);
    expect(allowed?.(null)).toBe(false);
    expect(allowed?.("not an address")).toBe(false);
  });

  test.each(["10.0.0.300", "10.0.0.0/33", "2001:db8::/129", "example.com", "", "1.2.3.4/"])("%j is not an entry", (entry) => {
    expect(parseIpEntry(entry)).toBeNull();
  });
});
