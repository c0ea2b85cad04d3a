import { describe, expect, it } from "vitest";
import { GRACE_PRESETS, graceEndsAt, MAX_GRACE_SECONDS, previousSecretAccepted, previousSecretOf, rotateApiKeySchema } from "@/lib/api-keys/rotation";

const NOW = Date.parse("2026-12-03T12:00:00Z");

describe("rotateApiKeySchema", () => {
  it("takes whole seconds from 0 to 30 days", () => {
    for (const seconds of [0, 1, 3600, MAX_GRACE_SECONDS]) expect(rotateApiKeySchema.parse({ gracePeriodSeconds: seconds })).toEqual({ gracePeriodSeconds: seconds });
    expect(MAX_GRACE_SECONDS).toBe(2_592_000);
  });

  it.each([
    [{}, /must be a number/],
    [{ gracePeriodSeconds: "3600" }, /must be a number/],
    [{ gracePeriodSeconds: null }, /must be a number/],
    [{ gracePeriodSeconds: 1.5 }, /whole number/],
    [{ gracePeriodSeconds: -1 }, /cannot be negative/],
    [{ gracePeriodSeconds: MAX_GRACE_SECONDS + 1 }, /at most 2,592,000 seconds/],
  ])("refuses %j with a message on gracePeriodSeconds", (body, message) => {
    const result = rotateApiKeySchema.safeParse(body);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(["gracePeriodSeconds"]);
    expect(issue?.message).toMatch(message);
  });

  it("refuses unknown fields", () => {
    expect(rotateApiKeySchema.safeParse({ gracePeriodSeconds: 0, grace: 5 }).success).toBe(false);
  });

  it("offers now, 1 hour, 24 hours and 7 days, all within the limit", () => {
    expect(GRACE_PRESETS.map((p) => p.seconds)).toEqual([0, 3600, 86_400, 604_800]);
    for (const preset of GRACE_PRESETS) expect(rotateApiKeySchema.safeParse({ gracePeriodSeconds: preset.seconds }).success).toBe(true);
  });
});

describe("grace period", () => {
  it("ends at once for 0 seconds, else that many seconds later", () => {
    expect(graceEndsAt(0, NOW)).toBeNull();
    expect(graceEndsAt(3600, NOW)?.toISOString()).toBe("2026-12-03T13:00:00.000Z");
  });

  it("shows the previous secret only while it is accepted", () => {
    const later = new Date(NOW + 1000);
    expect(previousSecretOf({ previousDisplay: "sk-Ab…yZ", previousExpiresAt: later }, NOW)).toEqual({ display: "sk-Ab…yZ", expiresAt: later });
    expect(previousSecretOf({ previousDisplay: "sk-Ab…yZ", previousExpiresAt: later }, NOW + 1000)).toBeNull();
    expect(previousSecretOf({ previousDisplay: null, previousExpiresAt: null }, NOW)).toBeNull();
  });

  it("accepts a previous secret strictly before its end", () => {
    expect(previousSecretAccepted(NOW + 1, NOW)).toBe(true);
    expect(previousSecretAccepted(NOW, NOW)).toBe(false);
    expect(previousSecretAccepted(null, NOW)).toBe(false);
  });
});
