import { describe, expect, test } from "vitest";
import { addOtherGroup, OTHER_GROUP } from "@/lib/usage/other-group";
import type { UsageSeriesPoint } from "@/lib/usage/schemas";

const point = (patch: Partial<UsageSeriesPoint>): UsageSeriesPoint => ({
  t: "2026-11-01T00:00:00.000Z",
  requests: 0,
  errors: 0,
  errorRate: 0,
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  costUsd: 0,
  avgLatencyMs: null,
  p50LatencyMs: null,
  p95LatencyMs: null,
  groups: {},
  ...patch,
});

describe("the series' other group", () => {
  test("holds the requests, tokens and cost beyond the top groups", () => {
    const p = point({ requests: 10, totalTokens: 500, costUsd: 0.3, groups: { a: { requests: 6, totalTokens: 300, costUsd: 0.1 }, b: { requests: 2, totalTokens: 100, costUsd: 0.1 } } });
    addOtherGroup(p);
    // 0.3 - 0.2 is 0.09999999999999998 in doubles: the group says 0.1.
    expect(p.groups[OTHER_GROUP]).toEqual({ requests: 2, totalTokens: 100, costUsd: 0.1 });
  });

  test("is left out when the top groups hold everything, float noise included", () => {
    const p = point({ requests: 3, totalTokens: 30, costUsd: 0.3, groups: { a: { requests: 1, totalTokens: 10, costUsd: 0.1 }, b: { requests: 2, totalTokens: 20, costUsd: 0.2 } } });
    addOtherGroup(p);
    expect(p.groups[OTHER_GROUP]).toBeUndefined();
  });

  test("never shows a negative cost when the groups' rounded sums exceed the point's", () => {
    const p = point({ requests: 4, totalTokens: 40, costUsd: 0.000000003, groups: { a: { requests: 3, totalTokens: 30, costUsd: 0.000000004 } } });
    addOtherGroup(p);
    expect(p.groups[OTHER_GROUP]).toEqual({ requests: 1, totalTokens: 10, costUsd: 0 });
  });
});
