"use client";

import type { ReactNode } from "react";
import { errorMessage } from "@/components/api/client";
import { formatNumber, formatRelative } from "@/components/format";
import { formatBudgetReset, formatUsd, formatWait } from "@/components/keys/limits-format";
import { hasAnyLimit } from "@/components/keys/policy-badges";
import { GaugeIcon, PencilIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatMoment } from "@/components/usage/format";
import { Meter, Swatch, UsageBar } from "@/app/(dashboard)/keys/[id]/_components/limit-meter";
import { RecentRefusals } from "@/app/(dashboard)/keys/[id]/_components/recent-refusals";
import { useKeyLimits } from "@/app/(dashboard)/keys/[id]/_components/use-key-limits";
import type { ApiKey, BudgetPeriod } from "@/lib/api-keys/schemas";
import type { KeyLimits } from "@/lib/policies/schemas";

const BUDGET_TITLE: Record<BudgetPeriod, string> = { total: "Total budget", day: "Budget today", week: "Budget this week", month: "Budget this month" };
type Window = NonNullable<KeyLimits["requests"]>;
type Amount = NonNullable<NonNullable<KeyLimits["budget"]>["tokens"]>;

function windowMeter(label: string, testId: string, window: Window | null) {
  if (!window) return <Meter label={label} testId={testId} value={null} />;
  const { used, limit, remaining, resetMs } = window;
  return (
    <Meter
      label={label}
      testId={testId}
      value={`${formatNumber(used)} / ${formatNumber(limit)}`}
      bar={<UsageBar used={used} limit={limit} label={`${label}: used this minute`} valueText={`${formatNumber(used)} of ${formatNumber(limit)}`} />}
      detail={<>{formatNumber(remaining)} left{used > 0 && resetMs > 0 ? ` · resets in ${formatWait(resetMs)}` : ""}</>}
    />
  );
}

function budgetMeter(label: string, testId: string, amount: Amount | null, format: (n: number) => string) {
  if (!amount) return null;
  const { spent, reserved, limit, remaining } = amount;
  const share = limit > 0 ? (spent + reserved) / limit : 0;
  return (
    <Meter
      label={label}
      testId={testId}
      value={`${format(spent)} / ${format(limit)}`}
      bar={<UsageBar used={spent} reserved={reserved} limit={limit} label={`${label} budget`} valueText={`${format(spent)} spent and ${format(reserved)} reserved of ${format(limit)}`} />}
      detail={
        <>
          <Swatch share={share} />
          {format(spent)} spent · <Swatch share={share} reserved />
          <span data-testid={`${testId}-reserved`}>{format(reserved)}</span> reserved by requests in flight · {format(Math.max(0, remaining))} left
        </>
      }
    />
  );
}

function Section({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={`border-t border-zinc-950/5 px-5 py-4 first:border-t-0 dark:border-white/10 ${className ?? ""}`}>{children}</div>;
}

function Chips({ items, none, testId }: { items: string[]; none: string; testId: string }) {
  if (items.length === 0) return <span data-testid={testId} className="text-sm text-zinc-500 dark:text-zinc-400">{none}</span>;
  return (
    <span data-testid={testId} className="flex flex-wrap gap-1.5">
      {items.map((item) => (
        <code key={item} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs break-all text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{item}</code>
      ))}
    </span>
  );
}

function LimitsBody({ limits }: { limits: KeyLimits }) {
  const { requests, tokens, concurrency, budget, expiresAt, expired } = limits;
  const expiry = expiresAt ? new Date(expiresAt) : null;
  return (
    <>
      {expired && expiry && (
        <Section>
          <Callout tone="danger" title="This key has expired">
            Every request with it has been refused since {formatMoment(expiry)}. Choose a new expiry (or Never) to let it work again.
          </Callout>
        </Section>
      )}
      {(requests || tokens || concurrency) && (
        <Section>
          <dl className="grid gap-5 sm:grid-cols-3">
            {windowMeter("Requests per minute", "limit-requests", requests)}
            {windowMeter("Tokens per minute", "limit-tokens", tokens)}
            {concurrency ? (
              <Meter
                label="Concurrent requests"
                testId="limit-concurrency"
                value={`${formatNumber(concurrency.inFlight)} / ${formatNumber(concurrency.limit)}`}
                bar={<UsageBar used={concurrency.inFlight} limit={concurrency.limit} label="Requests in flight" valueText={`${concurrency.inFlight} of ${concurrency.limit} in flight`} />}
                detail="in flight now"
              />
            ) : (
              <Meter label="Concurrent requests" testId="limit-concurrency" value={null} />
            )}
          </dl>
        </Section>
      )}
      {budget && (budget.tokens || budget.costUsd) && (
        <Section>
          <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <h3 className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{BUDGET_TITLE[budget.period]}</h3>
            <span data-testid="budget-reset" className="text-xs text-zinc-500 dark:text-zinc-400" title={budget.resetsAt ? formatMoment(new Date(budget.resetsAt)) : undefined}>
              {formatBudgetReset(budget.resetsAt)}
            </span>
          </div>
          <dl className={`grid gap-5 ${budget.tokens && budget.costUsd ? "sm:grid-cols-2" : ""}`}>
            {budgetMeter("Tokens", "budget-tokens", budget.tokens, formatNumber)}
            {budgetMeter("Cost", "budget-cost", budget.costUsd, formatUsd)}
          </dl>
        </Section>
      )}
      <Section>
        <dl className="grid gap-5 sm:grid-cols-3">
          <div className="min-w-0">
            <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Expiry</dt>
            <dd data-testid="limit-expiry" className="mt-1 text-sm">
              {expiry ? (
                <span className={expired ? "font-medium text-red-600 dark:text-red-400" : undefined} title={expiry.toISOString()}>
                  {expired ? "Expired" : "Expires"} {formatMoment(expiry)} <span className="text-zinc-500 dark:text-zinc-400">· {formatRelative(expiry)}</span>
                </span>
              ) : (
                <span className="text-zinc-500 dark:text-zinc-400">Never</span>
              )}
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">Allowed models</dt>
            <dd><Chips items={limits.allowedModels} none="Every model" testId="limit-models" /></dd>
          </div>
          <div className="min-w-0">
            <dt className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">Allowed IPs</dt>
            <dd><Chips items={limits.allowedIps} none="Any address" testId="limit-ips" /></dd>
          </div>
        </dl>
      </Section>
      <Section>
        <RecentRefusals refusals={limits.refusals} />
      </Section>
    </>
  );
}

/** The key's limits against its current use, live; or, for a key without limits, a way to set some. */
export function KeyLimitsCard({ apiKey, onEdit }: { apiKey: ApiKey; onEdit: () => void }) {
  const limited = hasAnyLimit(apiKey);
  const canEdit = useCan("admin");
  const query = useKeyLimits(apiKey.id, { enabled: limited });
  return (
    <Card aria-label="Key limits" className="min-w-0">
      <CardHeader
        title="Limits"
        description={limited ? "Current use against each limit, refreshed every 5 seconds." : undefined}
        actions={
          canEdit && (
            <Button variant="secondary" size="sm" onClick={onEdit} icon={<PencilIcon />}>
              Edit limits
            </Button>
          )
        }
      />
      {!limited ? (
        <div className="flex flex-col items-start gap-3 px-5 py-6 sm:flex-row sm:items-center">
          <GaugeIcon className="size-5 shrink-0 text-zinc-400" />
          <p className="flex-1 text-sm text-zinc-600 dark:text-zinc-400">
            This key has no limits: it never expires, has no rate limit or budget, and may call every model from any address.
          </p>
          {canEdit && (
            <button type="button" onClick={onEdit} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-300">
              Set limits
            </button>
          )}
        </div>
      ) : query.isError && !query.data ? (
        <div className="p-5">
          <Callout tone="danger" role="alert" title="Could not load the key's current use" action={<Button variant="secondary" size="sm" onClick={() => void query.refetch()}>Try again</Button>}>
            {errorMessage(query.error)}
          </Callout>
        </div>
      ) : !query.data ? (
        <div className="space-y-3 p-5" aria-busy="true">
          <Skeleton className="h-16 w-full" />
          <Skeleton className="h-16 w-full" />
        </div>
      ) : (
        <LimitsBody limits={query.data} />
      )}
    </Card>
  );
}
