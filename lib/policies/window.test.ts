import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatReset, parseReset, usedIn, viewOf, waitUntilAtMost } from "@/lib/policies/window";

const T = 1_800_000_000_000; // a whole second

describe("sliding window of one-second buckets", () => {
  test("counts the last 60 seconds, the current one included", () => {
    const buckets = [[T / 1000 - 60, 5], [T / 1000 - 59, 2], [T / 1000, 1]] as const;
    expect(usedIn(buckets, T)).toBe(3);
    expect(usedIn(buckets, T + 999)).toBe(3);
    expect(usedIn(buckets, T + 1000)).toBe(1);
  });

  test("reset is when the oldest counted second leaves", () => {
    const view = viewOf([[T / 1000 - 10, 4], [T / 1000, 1]], 10, T + 250);
    expect(view).toEqual({ limit: 10, used: 5, remaining: 5, resetMs: 50_000 - 250 });
    expect(viewOf([], 10, T)).toEqual({ limit: 10, used: 0, remaining: 10, resetMs: 0 });
  });

  test("waits only as long as needed for room", () => {
    const buckets = [[T / 1000 - 30, 2], [T / 1000 - 20, 3], [T / 1000, 5]] as const;
    // 10 counted; room for one more under a limit of 10 needs 9: the first bucket (2) must leave.
    expect(waitUntilAtMost(buckets, 9, T)).toBe(30_000);
    // Under a limit of 6 (at most 5): both older buckets must leave.
    expect(waitUntilAtMost(buckets, 5, T)).toBe(40_000);
    expect(waitUntilAtMost(buckets, 10, T)).toBe(0);
  });
});

// The window skips copying and sorting when the buckets are already live and in order: whatever
// the buckets, it must answer as a plain filter-and-sort reading does.
test("any buckets, in any order, read as a filtered and sorted copy of them would", () => {
  const reference = (buckets: readonly (readonly [number, number])[], nowMs: number) =>
    buckets.filter(([s, n]) => s >= Math.floor(nowMs / 1000) - 59 && n > 0).sort((a, b) => a[0] - b[0]);
  const second = T / 1000;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: second - 80, max: second }), fc.integer({ min: -1, max: 9 })), { maxLength: 70 }),
      fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 0, max: 60 }),
      (buckets, offset, allowed) => {
        const nowMs = T + offset;
        const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
        const expected = reference(buckets, nowMs);
        for (const input of [buckets, sorted]) {
          expect(usedIn(input, nowMs)).toBe(expected.reduce((sum, [, n]) => sum + n, 0));
          expect(viewOf(input, 50, nowMs)).toEqual(viewOf(expected, 50, nowMs));
          expect(waitUntilAtMost(input, allowed, nowMs)).toBe(waitUntilAtMost(expected, allowed, nowMs));
        }
      },
    ),
  );
});

test.each([
  [0, "0s"],
  [350, "350ms"],
  [1000, "1s"],
  [1001, "2s"],
  [360_000, "6m0s"],
  [3_723_000, "1h2m3s"],
])("formatReset(%d) = %s", (ms, text) => {
  expect(formatReset(ms)).toBe(text);
});

test.each([["0s", 0], ["350ms", 350], ["2s", 2000], ["6m0s", 360_000], ["1h2m3s", 3_723_000], ["soon", 0]])("parseReset(%s) = %d", (text, ms) => {
  expect(parseReset(text)).toBe(ms);
});
