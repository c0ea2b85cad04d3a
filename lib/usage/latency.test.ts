import { describe, expect, test } from "vitest";
import { LATENCY_BOUNDS_MS, LATENCY_BUCKETS, addHistograms, emptyHistogram, latencyBucket, percentile } from "@/lib/usage/latency";

describe("latency histogram", () => {
  test("puts each latency in the first bucket whose bound it does not exceed", () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(5)).toBe(0);
    expect(latencyBucket(6)).toBe(1);
    expect(latencyBucket(1000)).toBe(LATENCY_BOUNDS_MS.indexOf(1000));
    expect(latencyBucket(10 * 60_000)).toBe(LATENCY_BUCKETS - 1);
  });

  test("percentiles interpolate inside the bucket that holds the rank", () => {
    const h = emptyHistogram();
    for (let ms = 1; ms <= 100; ms++) {
      const slot = latencyBucket(ms);
      h[slot] = (h[slot] ?? 0) + 1;
    }
    // 100 requests spread 1..100 ms: the median falls in the 35–50 ms bucket, p95 in 75–100 ms.
    const p50 = percentile(h, 0.5) ?? 0;
    const p95 = percentile(h, 0.95) ?? 0;
    expect(p50).toBeGreaterThan(35);
    expect(p50).toBeLessThanOrEqual(50);
    expect(p95).toBeGreaterThan(75);
    expect(p95).toBeLessThanOrEqual(100);
  });

  test("an empty histogram has no percentile", () => {
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
  });

  test("histograms add element by element", () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    a[0] = 2;
    b[0] = 3;
    b[5] = 1;
    expect(addHistograms(a, b).slice(0, 6)).toEqual([5, 0, 0, 0, 0, 1]);
  });
});
