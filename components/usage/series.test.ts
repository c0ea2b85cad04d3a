import { describe, expect, it } from "vitest";
import { errorRateData, groupSeries, latencyData, stackedData } from "@/components/usage/series";
import { OTHER_GROUP } from "@/lib/usage/other-group";
import type { UsageOverview, UsageSeriesPoint } from "@/lib/usage/schemas";

const empty = { requests: 0, errors: 0, errorRate: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: 0, avgLatencyMs: null, p50LatencyMs: null, p95LatencyMs: null };
const point = (t: string, patch: Partial<UsageSeriesPoint>): UsageSeriesPoint => ({ t, ...empty, groups: {}, ...patch });

const overview: Pick<UsageOverview, "groups" | "series"> = {
  groups: [
    { id: "gpt-4.1", label: "gpt-4.1" },
    { id: OTHER_GROUP, label: "Other" },
  ],
  series: [
    point("2026-11-01T00:00:00.000Z", {
      requests: 4,
      errors: 1,
      errorRate: 0.25,
      costUsd: 0.00042,
      p50LatencyMs: 40,
      p95LatencyMs: 90,
      groups: { "gpt-4.1": { requests: 3, totalTokens: 30, costUsd: 0.0004 }, [OTHER_GROUP]: { requests: 1, totalTokens: 5, costUsd: 0.00002 } },
    }),
    point("2026-11-01T01:00:00.000Z", {}),
    point("2026-11-01T02:00:00.000Z", { requests: 1, costUsd: 0.0009, groups: { [OTHER_GROUP]: { requests: 1, totalTokens: 9, costUsd: 0.0009 } } }),
  ],
};

describe("usage chart series", () => {
  it("names series by position, so dotted model names are not read as paths", () => {
    expect(groupSeries(overview).map((s) => s.key)).toEqual(["g0", "g1"]);
    expect(groupSeries(overview)[1]?.color).toBe("#a1a1aa");
  });

  it("stacks each group's requests, tokens or cost, zero where a group had none", () => {
    expect(stackedData(overview, "requests")).toEqual([
      { t: "2026-11-01T00:00:00.000Z", g0: 3, g1: 1 },
      { t: "2026-11-01T01:00:00.000Z", g0: 0, g1: 0 },
      { t: "2026-11-01T02:00:00.000Z", g0: 0, g1: 1 },
    ]);
    expect(stackedData(overview, "totalTokens")[0]).toMatchObject({ g0: 30, g1: 5 });
    expect(stackedData(overview, "costUsd").map((d) => [d.g0, d.g1])).toEqual([
      [0.0004, 0.00002],
      [0, 0],
      [0, 0.0009],
    ]);
  });

  it("leaves gaps, not zeros, where there were no requests", () => {
    expect(errorRateData(overview).map((d) => d.errorRate)).toEqual([25, null, 0]);
    expect(latencyData(overview)[1]).toEqual({ t: "2026-11-01T01:00:00.000Z", p50: null, p95: null });
  });
});
