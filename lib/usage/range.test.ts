import { describe, expect, test } from "vitest";
import { resolveRange } from "@/lib/usage/range";
import { usageFilterSchema } from "@/lib/usage/schemas";

const now = Date.parse("2026-11-28T23:40:12Z");
const resolve = (input: Record<string, unknown>) => resolveRange(usageFilterSchema.parse(input), now);

describe("usage ranges", () => {
  test("presets end at the next whole hour and start on a whole hour", () => {
    const r = resolve({ range: "24h" });
    expect(r.to.toISOString()).toBe("2026-11-29T00:00:00.000Z");
    expect(r.from.toISOString()).toBe("2026-11-27T23:00:00.000Z");
    expect(r.interval).toBe("hour");
  });

  test("ranges over three days are shown per day", () => {
    expect(resolve({ range: "7d" }).interval).toBe("day");
    expect(resolve({ range: "30d" }).from.toISOString()).toBe("2026-10-29T23:00:00.000Z");
  });

  test("custom ranges need both ends in order and at most 400 days", () => {
    expect(() => usageFilterSchema.parse({ range: "custom", from: "2026-11-01" })).toThrow(/both from and to/);
    expect(() => usageFilterSchema.parse({ range: "custom", from: "2026-11-02", to: "2026-11-01" })).toThrow(/before/);
    expect(() => usageFilterSchema.parse({ range: "custom", from: "2024-01-01", to: "2026-11-01" })).toThrow(/400 days/);
    expect(() => usageFilterSchema.parse({ range: "custom", from: "yesterday", to: "2026-11-01" })).toThrow(/must be a date/);
    const r = resolve({ range: "custom", from: "2026-11-01T10:30:00Z", to: "2026-11-01T12:10:00Z" });
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(["2026-11-01T10:00:00.000Z", "2026-11-01T13:00:00.000Z"]);
  });
});
