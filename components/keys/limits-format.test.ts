import { describe, expect, it } from "vitest";
import { formatBudgetReset, formatLimit, formatUsd, formatWait, refusalReason } from "@/components/keys/limits-format";
import { POLICY_ERROR_CODES } from "@/lib/usage/schemas";

describe("limits formatting", () => {
  it("names the budget's reset in UTC: the weekday within a week, the date further out", () => {
    const now = Date.UTC(2026, 11, 2, 12); // Wednesday
    expect(formatBudgetReset("2026-12-07T00:00:00.000Z", now)).toBe("Resets Mon 00:00 UTC");
    expect(formatBudgetReset("2026-12-03T00:00:00.000Z", now)).toBe("Resets Thu 00:00 UTC");
    expect(formatBudgetReset("2027-01-01T00:00:00.000Z", now)).toBe("Resets Jan 1, 00:00 UTC");
    expect(formatBudgetReset(null, now)).toBe("Never resets");
    // A weekly budget always resets within the week, even seen from the first moment of it.
    const monday = Date.UTC(2026, 11, 7);
    expect(formatBudgetReset(new Date(monday + 7 * 86_400_000), monday)).toBe("Resets Mon 00:00 UTC");
  });

  it("writes waits, money and limits compactly", () => {
    expect(formatWait(200)).toBe("1 s");
    expect(formatWait(23_400)).toBe("24 s");
    expect(formatWait(150_000)).toBe("3 min");
    expect(formatWait(3_900_000)).toBe("1 h 5 min");
    expect(formatUsd(20)).toBe("$20.00");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatLimit(60)).toBe("60");
    expect(formatLimit(100_000)).toBe("100K");
  });

  it("has plain words for every policy refusal the proxy records", () => {
    for (const code of POLICY_ERROR_CODES) expect(refusalReason(code)).not.toBe(code);
    expect(refusalReason("model_not_allowed")).toBe("Model not allowed");
    expect(refusalReason("something_new")).toBe("something_new");
  });
});
