import { describe, expect, it } from "vitest";
import { safeRedirect } from "@/lib/http/safe-redirect";

const FALLBACK = "/keys";

describe("safeRedirect", () => {
  it.each([
    // Followed: paths on our origin.
    ["/keys", "/keys"],
    ["/usage?range=7d", "/usage?range=7d"],
    ["/providers#edit", "/providers#edit"],
    ["/", "/"],
    ["/keys/abc123/usage", "/keys/abc123/usage"],
    ["/usage?from=2026-11-01T00%3A00%3A00Z", "/usage?from=2026-11-01T00%3A00%3A00Z"],
    ["/a/../keys", "/keys"],
    // Refused: other origins in every spelling browsers accept.
    ["//evil.example", FALLBACK],
    ["//evil.example/keys", FALLBACK],
    ["/\\evil.example", FALLBACK],
    ["\\\\evil.example", FALLBACK],
    ["/\t/evil.example", FALLBACK],
    ["/\n/evil.example", FALLBACK],
    ["/\r\n/evil.example", FALLBACK],
    ["/ /evil.example", FALLBACK],
    ["/\u0000/evil.example", FALLBACK],
    ["/\u007f/evil.example", FALLBACK],
    ["/keys\\..\\..\\evil", FALLBACK],
    ["/%2F/evil.example", FALLBACK],
    ["/%2f%2fevil.example", FALLBACK],
    ["/%5Cevil.example", FALLBACK],
    ["/%5c%5cevil.example", FALLBACK],
    ["/%09/evil.example", FALLBACK],
    ["/%252F/evil.example", FALLBACK],
    ["https://evil.example", FALLBACK],
    ["http://evil.example/keys", FALLBACK],
    ["HTTPS://evil.example", FALLBACK],
    ["javascript:alert(1)", FALLBACK],
    ["data:text/html,<script>alert(1)</script>", FALLBACK],
    ["evil.example", FALLBACK],
    ["keys", FALLBACK],
    ["", FALLBACK],
    [" /keys", FALLBACK],
    ["\t/keys", FALLBACK],
    [`/${"a".repeat(3000)}`, FALLBACK],
  ])("%j → %j", (target, expected) => {
    expect(safeRedirect(target, FALLBACK)).toBe(expected);
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 42, ["/keys"], { href: "/keys" }]) expect(safeRedirect(value, FALLBACK)).toBe(FALLBACK);
  });
});
