import { describe, expect, it } from "vitest";
import { createPayload, keyFormValuesOf, newKeyFormValues, parseAmount, parseList, updatePayload, type KeyFormValues } from "@/components/keys/form-values";
import { presetApplied, QUICK_PRESETS, summarizeLimits } from "@/components/keys/limits-summary";
import type { ApiKey } from "@/lib/api-keys/schemas";

const NOW = new Date(2026, 11, 2, 15, 30).getTime();
const DAY = 86_400_000;

const KEY: ApiKey = {
  id: "k1",
  name: "Production",
  description: "Backend",
  display: "sk-AbCd…wXyZ",
  enabled: true,
  usageCount: 0,
  lastUsedAt: null,
  createdAt: new Date(NOW - DAY),
  updatedAt: new Date(NOW - DAY),
  expiresAt: new Date(2027, 0, 1),
  rpmLimit: 60,
  tpmLimit: null,
  maxConcurrent: 4,
  budgetPeriod: "month",
  tokenBudget: null,
  costBudgetUsd: 20,
  allowedModels: ["gpt-4o*", "anthropic/*"],
  allowedIps: [],
  tags: ["team:search", "env:prod"],
  owner: "ana@example.com",
  previousSecret: null,
  rotatedAt: null,
  budgetUsed: 0.2,
};

function withLimits(values: KeyFormValues, limits: Partial<KeyFormValues["limits"]>): KeyFormValues {
  return { ...values, limits: { ...values.limits, ...limits } };
}

describe("parseAmount and parseList", () => {
  it("reads numbers as people type them", () => {
    expect(parseAmount("", "count")).toEqual({ ok: true, value: null });
    expect(parseAmount(" 60 ", "count")).toEqual({ ok: true, value: 60 });
    expect(parseAmount("1,000,000", "count")).toEqual({ ok: true, value: 1_000_000 });
    expect(parseAmount("100k", "count")).toEqual({ ok: true, value: 100_000 });
    expect(parseAmount("1.1K", "count")).toEqual({ ok: true, value: 1100 });
    expect(parseAmount("2M", "count")).toEqual({ ok: true, value: 2_000_000 });
    expect(parseAmount("$2.50", "usd")).toEqual({ ok: true, value: 2.5 });
    expect(parseAmount("sixty", "count")).toEqual({ ok: false, error: expect.stringMatching(/whole number/) });
    expect(parseAmount("-5", "count").ok).toBe(false);
    expect(parseAmount("$", "usd")).toEqual({ ok: true, value: null });
    expect(parseAmount("$$2", "usd")).toEqual({ ok: false, error: expect.stringMatching(/US dollars/) });
  });

  it("splits allowlists on lines, commas and spaces", () => {
    expect(parseList("gpt-4o*\n\n anthropic/* , mistral-large\r\n")).toEqual(["gpt-4o*", "anthropic/*", "mistral-large"]);
    expect(parseList("  \n ")).toEqual([]);
  });
});

describe("createPayload", () => {
  it("sends tags (lower-cased, split on commas and spaces, deduplicated) and the owner", () => {
    const result = createPayload({ ...newKeyFormValues(), name: "Search", tags: "Team:Search, env:prod team:search", owner: " ana@example.com " }, NOW);
    expect(result).toEqual({ ok: true, data: { name: "Search", description: null, tags: ["team:search", "env:prod"], owner: "ana@example.com" } });
  });

  it("names the tag that is not one", () => {
    const result = createPayload({ ...newKeyFormValues(), name: "Search", tags: "ok, team:", owner: "" }, NOW);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(!result.ok && result.errors)).toContain('\\"team:\\" is not a tag');
  });

  it("sends only the name and description when no limit is set", () => {
    expect(createPayload({ ...newKeyFormValues(), name: " CI " }, NOW)).toEqual({ ok: true, data: { name: "CI", description: null, owner: null } });
  });

  it("sends every limit that is set, the period only with a budget", () => {
    const values = withLimits({ ...newKeyFormValues(), name: "Partner" }, {
      expiry: "30d",
      rpmLimit: "60",
      tpmLimit: "100k",
      maxConcurrent: "",
      tokenBudget: "",
      costBudgetUsd: "$20",
      budgetPeriod: "week",
      allowedModels: "gpt-4o*\nanthropic/*",
      allowedIps: "203.0.113.7, 10.0.0.0/8",
    });
    expect(createPayload(values, NOW)).toEqual({
      ok: true,
      data: {
        name: "Partner",
        description: null,
        owner: null,
        expiresAt: new Date(NOW + 30 * DAY),
        rpmLimit: 60,
        tpmLimit: 100_000,
        costBudgetUsd: 20,
        budgetPeriod: "week",
        allowedModels: ["gpt-4o*", "anthropic/*"],
        allowedIps: ["203.0.113.7", "10.0.0.0/8"],
      },
    });
    const periodOnly = createPayload(withLimits({ ...newKeyFormValues(), name: "x" }, { budgetPeriod: "day" }), NOW);
    expect(periodOnly.ok && periodOnly.data).toEqual({ name: "x", description: null, owner: null });
  });

  it("shows the schema's messages and the form's own beside each field", () => {
    const values = withLimits(newKeyFormValues(), { rpmLimit: "0", tpmLimit: "lots", maxConcurrent: "1.5", allowedIps: "10.0.0.1\n10.0.0.300", expiry: "date", expiryDate: "2020-01-01" });
    const result = createPayload(values, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe("Name is required");
    expect(result.errors.rpmLimit).toMatch(/at least 1 \(to block the key, disable it\)/);
    expect(result.errors.tpmLimit).toMatch(/Enter a whole number/);
    expect(result.errors.maxConcurrent).toMatch(/whole number/);
    expect(result.errors.allowedIps).toMatch(/"10\.0\.0\.300" is not an IP address/);
    expect(result.errors.expiresAt).toMatch(/from today on/);
  });
});

describe("updatePayload", () => {
  const initial = keyFormValuesOf(KEY);

  it("opens the form with the key's limits", () => {
    expect(initial.limits).toMatchObject({ expiry: "date", expiryDate: "2026-12-31", rpmLimit: "60", tpmLimit: "", maxConcurrent: "4", costBudgetUsd: "20", allowedModels: "gpt-4o*\nanthropic/*" });
  });

  it("sends nothing when nothing changed, even with the text written differently", () => {
    expect(updatePayload(initial, initial, NOW)).toEqual({ ok: true, data: null });
    expect(updatePayload(initial, withLimits(initial, { rpmLimit: " 60", allowedModels: "gpt-4o*, anthropic/*\n" }), NOW)).toEqual({ ok: true, data: null });
  });

  it("sends only the changed fields; cleared limits become null and cleared lists []", () => {
    const values = withLimits({ ...initial, description: "" }, { rpmLimit: "", tpmLimit: "5000", allowedModels: "", allowedIps: "::1", budgetPeriod: "day" });
    expect(updatePayload(initial, values, NOW)).toEqual({
      ok: true,
      data: { description: null, rpmLimit: null, tpmLimit: 5000, budgetPeriod: "day", allowedModels: [], allowedIps: ["::1"] },
    });
  });

  it("sends the expiry when its preset or day changes, null for Never", () => {
    expect(updatePayload(initial, withLimits(initial, { expiry: "never" }), NOW)).toEqual({ ok: true, data: { expiresAt: null } });
    expect(updatePayload(initial, withLimits(initial, { expiry: "7d" }), NOW)).toEqual({ ok: true, data: { expiresAt: new Date(NOW + 7 * DAY) } });
    expect(updatePayload(initial, withLimits(initial, { expiryDate: "2027-03-31" }), NOW)).toEqual({ ok: true, data: { expiresAt: new Date(2027, 3, 1) } });
  });

  it("refuses a picked day in the past, but leaves an expired key's date alone when it is not changed", () => {
    const past = updatePayload(initial, withLimits(initial, { expiryDate: "2026-11-30" }), NOW);
    expect(past.ok ? past.data : past.errors.expiresAt).toMatch(/from today on/);
    const expired = keyFormValuesOf({ ...KEY, expiresAt: new Date(NOW - DAY) });
    expect(updatePayload(expired, { ...expired, name: "Old" }, NOW)).toEqual({ ok: true, data: { name: "Old" } });
  });

  it("checks changed fields with the API's update schema", () => {
    const result = updatePayload(initial, withLimits({ ...initial, name: "" }, { costBudgetUsd: "0.0000001", allowedModels: "gpt 4" }), NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({ name: "Name is required", costBudgetUsd: "Cost budget can have at most 6 decimals" });
    expect(result.errors.allowedModels).toBeUndefined(); // "gpt 4" splits into two ids; both are valid.
  });
});

describe("summary and presets", () => {
  it("summarizes the limits in a line", () => {
    expect(summarizeLimits(newKeyFormValues().limits, { now: NOW })).toEqual([]);
    const limits = keyFormValuesOf(KEY).limits;
    expect(summarizeLimits(limits, { now: NOW, currentExpiresAt: KEY.expiresAt })).toEqual(["Expires Jan 1, 2027", "60 RPM", "4 at once", "$20.00 / month", "2 models"]);
    // A picked day is the last valid one, as in the date field.
    expect(summarizeLimits(limits, { now: NOW })[0]).toBe("Expires after Dec 31, 2026");
    expect(summarizeLimits(limits, { now: NOW, currentExpiresAt: new Date(NOW - DAY) })[0]).toBe("Expired Dec 1, 2026");
    expect(summarizeLimits({ ...newKeyFormValues().limits, expiry: "90d", tpmLimit: "100000", tokenBudget: "1000000", budgetPeriod: "total", allowedIps: "::1" }, { now: NOW })).toEqual([
      "Expires in 90 days",
      "100K TPM",
      "1M tokens total",
      "1 IP range",
    ]);
  });

  it("shows a preset as applied while the form holds its values", () => {
    const month = QUICK_PRESETS.find((p) => p.id === "usd-20-month");
    if (!month) throw new Error("preset missing");
    const applied = { ...newKeyFormValues().limits, ...month.values };
    expect(presetApplied(applied, month)).toBe(true);
    expect(presetApplied({ ...applied, budgetPeriod: "day" }, month)).toBe(false);
  });
});
