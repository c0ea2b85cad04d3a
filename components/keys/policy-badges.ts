import type { ApiKey } from "@/lib/api-keys/schemas";
import type { BadgeTone } from "@/components/ui/badge";
import { formatUsd, PERIOD_NOUN } from "@/components/keys/limits-format";

/** The badges the keys list shows for a key's policy: expiry, limits, budget use. Client-safe. */

export type PolicyKey = Pick<ApiKey, "expiresAt" | "rpmLimit" | "tpmLimit" | "maxConcurrent" | "allowedModels" | "allowedIps" | "budgetPeriod" | "tokenBudget" | "costBudgetUsd" | "budgetUsed">;

export interface PolicyBadge {
  id: "expired" | "expires" | "limited" | "budget";
  label: string;
  tone: BadgeTone;
  /** What the badge means, for its tooltip. */
  title: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Keys closer than this to their expiry are flagged amber (a 7-day key is not, the moment it is made). */
export const EXPIRES_SOON_MS = 3 * DAY_MS;
const count = new Intl.NumberFormat("en-US");
const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** "3 d", then hours below a day, then minutes below an hour. */
export function formatTimeLeft(ms: number): string {
  if (ms >= DAY_MS) return `${Math.round(ms / DAY_MS)} d`;
  if (ms >= HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  return `${Math.max(1, Math.round(ms / MINUTE_MS))} min`;
}

/** What limits the key's traffic besides expiry and budget: rates, concurrency, model and IP allowlists. */
export function limitsOf(key: PolicyKey): string[] {
  const parts: string[] = [];
  if (key.rpmLimit !== null) parts.push(`${count.format(key.rpmLimit)} requests / min`);
  if (key.tpmLimit !== null) parts.push(`${count.format(key.tpmLimit)} tokens / min`);
  if (key.maxConcurrent !== null) parts.push(`${count.format(key.maxConcurrent)} at once`);
  if (key.allowedModels.length) parts.push(key.allowedModels.length === 1 ? `model ${key.allowedModels[0]}` : `${key.allowedModels.length} allowed models`);
  if (key.allowedIps.length) parts.push(key.allowedIps.length === 1 ? `from ${key.allowedIps[0]}` : `${key.allowedIps.length} allowed IP ranges`);
  return parts;
}

export function hasAnyLimit(key: PolicyKey): boolean {
  return key.expiresAt !== null || key.tokenBudget !== null || key.costBudgetUsd !== null || limitsOf(key).length > 0;
}

/** The share shown on the budget badge: floored, so "100 %" means the budget is really used up. */
export function budgetPercent(used: number): number {
  return Math.floor(used * 100 + 1e-9);
}

export function budgetTone(used: number): BadgeTone {
  return used >= 1 ? "danger" : used >= 0.8 ? "warning" : "neutral";
}

export function policyBadges(key: PolicyKey, now = Date.now()): PolicyBadge[] {
  const badges: PolicyBadge[] = [];
  if (key.expiresAt) {
    const left = key.expiresAt.getTime() - now;
    badges.push(
      left <= 0
        ? { id: "expired", label: "Expired", tone: "danger", title: `Expired ${when.format(key.expiresAt)}: every request with this key is refused.` }
        : { id: "expires", label: `Expires in ${formatTimeLeft(left)}`, tone: left < EXPIRES_SOON_MS ? "warning" : "neutral", title: `Expires ${when.format(key.expiresAt)}` },
    );
  }
  const limits = limitsOf(key);
  if (limits.length) badges.push({ id: "limited", label: "Limited", tone: "info", title: `Limited: ${limits.join(", ")}` });
  if (key.budgetUsed !== null && key.budgetUsed !== undefined) {
    const budgets = [
      key.tokenBudget !== null ? `${count.format(key.tokenBudget)} tokens` : null,
      key.costBudgetUsd !== null ? formatUsd(key.costBudgetUsd) : null,
    ].filter(Boolean);
    const percent = budgetPercent(key.budgetUsed);
    badges.push({
      id: "budget",
      label: `Budget ${percent} %`,
      tone: budgetTone(key.budgetUsed),
      title: `${percent} % of the budget (${budgets.join(" and ")}) used ${PERIOD_NOUN[key.budgetPeriod]}${key.budgetUsed >= 1 ? (key.budgetPeriod === "total" ? ": requests are refused until it is raised" : ": requests are refused until it resets") : ""}`,
    });
  }
  return badges;
}
