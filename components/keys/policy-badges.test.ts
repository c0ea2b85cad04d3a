import { describe, expect, it } from "vitest";
import { budgetPercent, formatTimeLeft, hasAnyLimit, policyBadges, type PolicyKey } from "@/components/keys/policy-badges";

const NOW = Date.UTC(2026, 11, 2, 12);
const HOUR = 3_600_000;
const PLAIN: PolicyKey = {
  expiresAt: null,
  rpmLimit: null,
  tpmLimit: null,
  maxConcurrent: null,
  allowedModels: [],
  allowedIps: [],
  budgetPeriod: "total",
  tokenBudget: null,
  costBudgetUsd: null,
  budgetUsed: null,
};
const labels = (key: Partial<PolicyKey>) => policyBadges({ ...PLAIN, ...key }, NOW).map((b) => `${b.label}:${b.tone}`);

describe("policyBadges", () => {
  it("shows nothing for a key without limits", () => {
    expect(labels({})).toEqual([]);
    expect(hasAnyLimit(PLAIN)).toBe(false);
  });

  it("counts down to the expiry in days, then hours, then minutes; amber in the last three days", () => {
    expect(labels({ expiresAt: new Date(NOW + 30 * 24 * HOUR) })).toEqual(["Expires in 30 d:neutral"]);
    expect(labels({ expiresAt: new Date(NOW + 7 * 24 * HOUR - 5000) })).toEqual(["Expires in 7 d:neutral"]);
    expect(labels({ expiresAt: new Date(NOW + 3 * 24 * HOUR + 5 * HOUR) })).toEqual(["Expires in 3 d:neutral"]);
    expect(labels({ expiresAt: new Date(NOW + 2 * 24 * HOUR + 5 * HOUR) })).toEqual(["Expires in 2 d:warning"]);
    expect(labels({ expiresAt: new Date(NOW + 5 * HOUR) })).toEqual(["Expires in 5 h:warning"]);
    expect(labels({ expiresAt: new Date(NOW + 20 * 60_000) })).toEqual(["Expires in 20 min:warning"]);
    expect(formatTimeLeft(10_000)).toBe("1 min");
  });

  it("says Expired in red once the time has passed", () => {
    expect(labels({ expiresAt: new Date(NOW - 1000) })).toEqual(["Expired:danger"]);
    expect(labels({ expiresAt: new Date(NOW) })).toEqual(["Expired:danger"]);
  });

  it("marks rate, concurrency, model and IP limits as Limited, naming them in the tooltip", () => {
    for (const key of [{ rpmLimit: 60 }, { tpmLimit: 1000 }, { maxConcurrent: 2 }, { allowedModels: ["gpt-4o*"] }, { allowedIps: ["10.0.0.0/8"] }]) {
      expect(labels(key)).toEqual(["Limited:info"]);
    }
    const [badge] = policyBadges({ ...PLAIN, rpmLimit: 60, maxConcurrent: 2, allowedIps: ["10.0.0.0/8", "::1"] }, NOW);
    expect(badge?.title).toBe("Limited: 60 requests / min, 2 at once, 2 allowed IP ranges");
    // Expiry and budgets have badges of their own.
    expect(labels({ tokenBudget: 1000, budgetUsed: 0.1 })).toEqual(["Budget 10 %:neutral"]);
  });

  it("colours the budget amber from 80 % and red from 100 %, never rounding up to 100 %", () => {
    expect(labels({ costBudgetUsd: 20, budgetUsed: 0.79 })).toEqual(["Budget 79 %:neutral"]);
    expect(labels({ costBudgetUsd: 20, budgetUsed: 0.82 })).toEqual(["Budget 82 %:warning"]);
    expect(labels({ costBudgetUsd: 20, budgetUsed: 0.999 })).toEqual(["Budget 99 %:warning"]);
    expect(labels({ costBudgetUsd: 20, budgetUsed: 1 })).toEqual(["Budget 100 %:danger"]);
    expect(labels({ costBudgetUsd: 20, budgetUsed: 1.37 })).toEqual(["Budget 137 %:danger"]);
    expect(budgetPercent(0.29)).toBe(29);
    expect(budgetPercent(0.57)).toBe(57);
  });

  it("orders the badges expiry, limits, budget", () => {
    expect(labels({ expiresAt: new Date(NOW + 2 * 24 * HOUR), rpmLimit: 10, tokenBudget: 100, budgetUsed: 0.5 })).toEqual([
      "Expires in 2 d:warning",
      "Limited:info",
      "Budget 50 %:neutral",
    ]);
  });
});
