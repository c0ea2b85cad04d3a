import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { periodEnd, periodStart } from "@/lib/policies/periods";

const at = Date.UTC(2026, 11, 2, 15, 30); // Wednesday 2 December 2026, 15:30 UTC

describe("budget periods (UTC)", () => {
  test("day, week from Monday, month from the 1st; total never resets", () => {
    expect(new Date(periodStart("day", at)).toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(new Date(periodStart("week", at)).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(new Date(periodStart("month", at)).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(periodStart("total", at)).toBe(0);
    expect(new Date(periodEnd("day", at) ?? 0).toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(new Date(periodEnd("week", at) ?? 0).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(new Date(periodEnd("month", at) ?? 0).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(periodEnd("total", at)).toBeNull();
  });

  test("a Sunday belongs to the week that started the Monday before; a period's last moment to it", () => {
    const sunday = Date.UTC(2026, 11, 6, 23, 59, 59, 999);
    expect(new Date(periodStart("week", sunday)).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(periodStart("week", Date.UTC(2026, 11, 7))).toBe(Date.UTC(2026, 11, 7));
    expect(periodStart("month", Date.UTC(2027, 0, 1) - 1)).toBe(Date.UTC(2026, 11, 1));
  });

  test("remembering the last day asked about answers as the calendar does, whatever order times come in", () => {
    const calendar = (period: "day" | "week" | "month", at: number) => {
      const d = new Date(at);
      if (period === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return period === "day" ? day : day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    };
    const time = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) });
    // Runs of times close together (the same day, mostly) mixed with jumps across days and months.
    const times = fc.array(fc.oneof(time, time.map((t) => t - (t % 86_400_000) + 86_399_999), time.map((t) => t - (t % 86_400_000))), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(times, fc.constantFrom("day", "week", "month") as fc.Arbitrary<"day" | "week" | "month">, (ats, period) => {
        for (const at of ats) {
          expect(periodStart(period, at)).toBe(calendar(period, at));
          expect(periodStart("total", at)).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
