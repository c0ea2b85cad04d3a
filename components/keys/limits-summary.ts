import { expiryFromPreset } from "@/components/keys/expiry";
import { parseAmount, parseList, type LimitsFormValues } from "@/components/keys/form-values";
import { formatLimit, formatUsd, PERIOD_SUFFIX } from "@/components/keys/limits-format";

/** One-click limits for the dialogs' Limits section: common starting points an admin adjusts after. */
export const QUICK_PRESETS: readonly { id: string; label: string; title: string; values: Partial<LimitsFormValues> }[] = [
  { id: "rpm-60", label: "60 RPM", title: "At most 60 requests per minute", values: { rpmLimit: "60" } },
  { id: "tpm-100k", label: "100K TPM", title: "At most 100,000 tokens per minute", values: { tpmLimit: "100000" } },
  { id: "concurrent-5", label: "5 at once", title: "At most 5 requests in flight", values: { maxConcurrent: "5" } },
  { id: "usd-20-month", label: "$20 / month", title: "A cost budget of $20 per calendar month (UTC)", values: { budgetPeriod: "month", costBudgetUsd: "20" } },
  { id: "tokens-1m-day", label: "1M tokens / day", title: "A token budget of 1,000,000 per UTC day", values: { budgetPeriod: "day", tokenBudget: "1000000" } },
];

/** Whether the form holds exactly what a preset sets (the preset's button then shows as pressed). */
export function presetApplied(values: LimitsFormValues, preset: { values: Partial<LimitsFormValues> }): boolean {
  return Object.entries(preset.values).every(([field, value]) => values[field as keyof LimitsFormValues] === value);
}

const shortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });

/**
 * The limits in a line, for the collapsed section's header: "Expires in 30 days · 60 RPM · $20 / month".
 * `currentExpiresAt`: the key's own expiry, while the form still holds it (edit).
 */
export function summarizeLimits(values: LimitsFormValues, { now = Date.now(), currentExpiresAt }: { now?: number; currentExpiresAt?: Date | null } = {}): string[] {
  const parts: string[] = [];
  if (currentExpiresAt) parts.push(`${currentExpiresAt.getTime() <= now ? "Expired" : "Expires"} ${shortDay.format(currentExpiresAt)}`);
  else if (values.expiry === "date") {
    const expiry = expiryFromPreset(values.expiry, values.expiryDate, now);
    if (expiry.ok && expiry.expiresAt) parts.push(`Expires after ${shortDay.format(new Date(expiry.expiresAt.getTime() - 1))}`);
  } else if (values.expiry !== "never") parts.push(`Expires in ${values.expiry.replace("d", " days")}`);
  const number = (text: string, kind: "count" | "usd") => {
    const parsed = parseAmount(text, kind);
    return parsed.ok ? parsed.value : null;
  };
  const rpm = number(values.rpmLimit, "count");
  const tpm = number(values.tpmLimit, "count");
  const concurrent = number(values.maxConcurrent, "count");
  const tokens = number(values.tokenBudget, "count");
  const usd = number(values.costBudgetUsd, "usd");
  if (rpm) parts.push(`${formatLimit(rpm)} RPM`);
  if (tpm) parts.push(`${formatLimit(tpm)} TPM`);
  if (concurrent) parts.push(`${formatLimit(concurrent)} at once`);
  const period = PERIOD_SUFFIX[values.budgetPeriod];
  if (tokens) parts.push(`${formatLimit(tokens)} tokens ${period}`);
  if (usd) parts.push(`${formatUsd(usd)} ${period}`);
  const models = parseList(values.allowedModels).length;
  const ips = parseList(values.allowedIps).length;
  if (models) parts.push(models === 1 ? "1 model" : `${models} models`);
  if (ips) parts.push(ips === 1 ? "1 IP range" : `${ips} IP ranges`);
  return parts;
}
