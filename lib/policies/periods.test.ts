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
});
