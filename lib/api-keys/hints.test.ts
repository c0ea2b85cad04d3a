import { describe, expect, it } from "vitest";
import { keyHints } from "@/lib/api-keys/hints";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW - n * 24 * 60 * 60 * 1000);

describe("keyHints", () => {
  it("asks to rotate keys from 90 days on", () => {
    expect(keyHints({ createdAt: daysAgo(89.9), lastUsedAt: null, usageCount: 1 }, NOW).rotate).toBe(false);
    expect(keyHints({ createdAt: daysAgo(90), lastUsedAt: null, usageCount: 1 }, NOW).rotate).toBe(true);
  });

  it("marks never-used keys as unused, and keys unused for 30 days as idle", () => {
    expect(keyHints({ createdAt: daysAgo(1), lastUsedAt: null, usageCount: 0 }, NOW)).toEqual({ rotate: false, unused: true, idle: false });
    expect(keyHints({ createdAt: daysAgo(40), lastUsedAt: daysAgo(31), usageCount: 5 }, NOW)).toEqual({ rotate: false, unused: false, idle: true });
    expect(keyHints({ createdAt: daysAgo(40), lastUsedAt: daysAgo(2), usageCount: 5 }, NOW).idle).toBe(false);
  });

  it("counts the rotation age from the last rotation, against the configured reminder age", () => {
    const key = { createdAt: daysAgo(200), lastUsedAt: null, usageCount: 1 };
    expect(keyHints({ ...key, rotatedAt: daysAgo(10) }, NOW).rotate).toBe(false);
    expect(keyHints({ ...key, rotatedAt: daysAgo(95) }, NOW).rotate).toBe(true);
    expect(keyHints({ ...key, rotatedAt: daysAgo(10) }, NOW, 7).rotate).toBe(true);
    expect(keyHints({ ...key, rotatedAt: daysAgo(6) }, NOW, 7).rotate).toBe(false);
    expect(keyHints({ ...key, rotatedAt: null }, NOW, 365).rotate).toBe(false);
  });
});
