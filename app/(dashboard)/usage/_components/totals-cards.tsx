import { formatNumber } from "@/components/format";
import { ActivityIcon, AlertIcon, ClockIcon, CoinsIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import { DollarIcon } from "@/components/usage/dollar-icon";
import { formatLatency, formatPercent, formatUsd } from "@/components/usage/format";
import { StatCard } from "@/app/(dashboard)/usage/_components/stat-card";
import type { UsageTotals } from "@/lib/usage/schemas";

const Num = ({ testId, value }: { testId: string; value: number }) => (
  <span data-testid={testId} className="font-medium text-zinc-700 tabular-nums dark:text-zinc-300">
    {formatNumber(value)}
  </span>
);

/** Requests, tokens (prompt and completion), cost, error rate and latency percentiles for the whole filter. */
export function TotalsCards({ totals }: { totals: UsageTotals | undefined }) {
  const loading = totals === undefined;
  const t = totals ?? { requests: 0, errors: 0, errorRate: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: 0, avgLatencyMs: null, p50LatencyMs: null, p95LatencyMs: null };
  const promptShare = t.totalTokens ? (t.promptTokens / t.totalTokens) * 100 : 0;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
      <StatCard title="Requests" icon={<ActivityIcon />} value={formatNumber(t.requests)} testId="total-requests" loading={loading}>
        <Num testId="total-errors" value={t.errors} /> failed
      </StatCard>
      <StatCard title="Tokens" icon={<CoinsIcon />} value={formatNumber(t.totalTokens)} testId="total-tokens" loading={loading}>
        <div aria-hidden="true" className="mb-1.5 flex h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
          <div className="bg-indigo-500" style={{ width: `${promptShare}%` }} />
          <div className="bg-sky-400" style={{ width: `${t.totalTokens ? 100 - promptShare : 0}%` }} />
        </div>
        <span className="flex flex-wrap gap-x-2">
          <span><Num testId="prompt-tokens" value={t.promptTokens} /> prompt</span>
          <span><Num testId="completion-tokens" value={t.completionTokens} /> completion</span>
        </span>
      </StatCard>
      {/* Full width on phones and tablets: five cards do not pair up. */}
      <StatCard title="Cost" icon={<DollarIcon />} value={formatUsd(t.costUsd)} testId="total-cost" loading={loading} className="max-lg:col-span-2">
        {t.requests > 0 ? (
          <>
            <span data-testid="cost-per-request" className="font-medium text-zinc-700 tabular-nums dark:text-zinc-300">{formatUsd(t.costUsd / t.requests)}</span> per request
          </>
        ) : (
          "No requests"
        )}
      </StatCard>
      <StatCard
        title="Error rate"
        icon={<AlertIcon />}
        value={<span className={cn(t.errorRate >= 0.05 && "text-red-600 dark:text-red-400")}>{formatPercent(t.errorRate)}</span>}
        testId="error-rate"
        loading={loading}
      >
        {formatNumber(t.errors)} of {formatNumber(t.requests)} requests
      </StatCard>
      <StatCard title="Latency" icon={<ClockIcon />} value={<>{formatLatency(t.p50LatencyMs)} <span className="text-sm font-medium text-zinc-500 dark:text-zinc-400">p50</span></>} testId="latency-p50" loading={loading}>
        <span data-testid="latency-p95" className="font-medium text-zinc-700 dark:text-zinc-300">{formatLatency(t.p95LatencyMs)}</span> p95 · {formatLatency(t.avgLatencyMs)} avg
      </StatCard>
    </div>
  );
}
