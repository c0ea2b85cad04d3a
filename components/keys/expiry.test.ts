import { describe, expect, it } from "vitest";
import { expiryFromPreset, expiryOfLastDay, lastDayOf, localDay } from "@/components/keys/expiry";

const NOW = new Date(2026, 11, 2, 15, 30).getTime();
const DAY = 86_400_000;

describe("expiryFromPreset", () => {
  it("counts the day presets from the moment of saving, and Never is null", () => {
    expect(expiryFromPreset("never", "", NOW)).toEqual({ ok: true, expiresAt: null });
    expect(expiryFromPreset("7d", "", NOW)).toEqual({ ok: true, expiresAt: new Date(NOW + 7 * DAY) });
    expect(expiryFromPreset("30d", "2020-01-01", NOW)).toEqual({ ok: true, expiresAt: new Date(NOW + 30 * DAY) });
    expect(expiryFromPreset("90d", "", NOW)).toEqual({ ok: true, expiresAt: new Date(NOW + 90 * DAY) });
  });

  it("lets a picked day last until the next local midnight", () => {
    expect(expiryFromPreset("date", "2027-01-31", NOW)).toEqual({ ok: true, expiresAt: new Date(2027, 1, 1) });
    expect(expiryFromPreset("date", "2026-12-31", NOW)).toEqual({ ok: true, expiresAt: new Date(2027, 0, 1) });
  });

  it("asks for a day when none or no real one is given", () => {
    expect(expiryFromPreset("date", "", NOW)).toEqual({ ok: false, error: expect.stringMatching(/pick the key's last day/i) });
    expect(expiryFromPreset("date", "2027-02-30", NOW)).toEqual({ ok: false, error: expect.stringMatching(/2027-01-31/) });
    expect(expiryFromPreset("date", "31/01/2027", NOW).ok).toBe(false);
  });
});

describe("last valid day", () => {
  it("round-trips: an expiry at midnight shows the day before, which gives the same expiry back", () => {
    const expiresAt = new Date(2027, 2, 1);
    expect(lastDayOf(expiresAt)).toBe("2027-02-28");
    expect(expiryOfLastDay(lastDayOf(expiresAt))).toEqual(expiresAt);
  });

  it("puts an expiry during the day on that day", () => {
    expect(lastDayOf(new Date(2027, 2, 3, 14, 32))).toBe("2027-03-03");
    expect(localDay(new Date(2027, 0, 5, 23, 59))).toBe("2027-01-05");
  });
});
