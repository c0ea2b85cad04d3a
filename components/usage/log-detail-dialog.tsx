"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { errorMessage } from "@/components/api/client";
import { formatNumber } from "@/components/format";
import { useRequestLog } from "@/components/hooks/use-request-log";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { formatLatency, formatTimestamp, formatUsd } from "@/components/usage/format";
import { StatusBadge } from "@/components/usage/status-badge";
import type { RequestLogEntry } from "@/lib/usage/schemas";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-3 py-2.5 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

const none = <span className="text-zinc-400 dark:text-zinc-500">—</span>;
const tokens = (value: number | null) => (value === null ? none : <span className="tabular-nums">{formatNumber(value)}</span>);

function Fields({ entry }: { entry: RequestLogEntry }) {
  return (
    <dl aria-label="Request details" className="divide-y divide-zinc-950/5 dark:divide-white/10">
      <Row label="Request ID"><span className="font-mono text-xs">{entry.id}</span></Row>
      <Row label="Time">
        {formatTimestamp(entry.createdAt, true)}
        <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{entry.createdAt}</span>
      </Row>
      <Row label="API key">
        {entry.apiKeyId ? (
          entry.apiKeyName ? <Link href={`/keys/${encodeURIComponent(entry.apiKeyId)}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-300">{entry.apiKeyName}</Link> : <>Deleted key</>
        ) : (
          <span className="text-zinc-500">None (authentication off)</span>
        )}
        {entry.apiKeyId && <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{entry.apiKeyId}</span>}
      </Row>
      {entry.secret && (
        <Row label="Secret used">
          {entry.secret === "previous" ? <Badge tone="warning">Previous (grace period)</Badge> : "Current"}
        </Row>
      )}
      <Row label="Endpoint"><span className="font-mono text-xs">/v1/{entry.endpoint}</span></Row>
      <Row label="Model">{entry.model ? <span className="font-mono text-xs">{entry.model}</span> : none}</Row>
      <Row label="Provider">
        {entry.providerName ?? none}
        {entry.attempts > 1 && <span className="text-zinc-500 dark:text-zinc-400"> (after {entry.attempts - 1} failed {entry.attempts === 2 ? "provider" : "providers"})</span>}
      </Row>
      <Row label="Status"><StatusBadge entry={entry} /></Row>
      <Row label="Error code">{entry.errorCode ? <span className="font-mono text-xs text-red-700 dark:text-red-400">{entry.errorCode}</span> : none}</Row>
      {entry.errorMessage && (
        <Row label="Error message">
          <span data-testid="log-error-message" className="text-sm break-words text-red-800 dark:text-red-300">{entry.errorMessage}</span>
        </Row>
      )}
      <Row label="Streamed">{entry.stream ? <Badge tone="info">Yes</Badge> : "No"}</Row>
      <Row label="Latency">{formatLatency(entry.latencyMs)}</Row>
      <Row label="Time to first byte">{entry.ttfbMs === null ? none : formatLatency(entry.ttfbMs)}</Row>
      <Row label="Prompt tokens">{tokens(entry.promptTokens)}</Row>
      <Row label="Completion tokens">{tokens(entry.completionTokens)}</Row>
      <Row label="Total tokens">{tokens(entry.totalTokens)}</Row>
      <Row label="Cost">
        {entry.costUsd === null ? (
          <>
            {none}
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">{entry.totalTokens === null ? "No tokens were counted." : "No price was known for this model at the time."}</span>
          </>
        ) : (
          <span data-testid="detail-cost" className="tabular-nums">{formatUsd(entry.costUsd, { exact: true })}</span>
        )}
      </Row>
    </dl>
  );
}

/** Everything recorded about one request: never its prompt, its answer or the key itself. */
export function LogDetailDialog({ id, listed, onClose }: { id: string; listed?: RequestLogEntry; onClose: () => void }) {
  const query = useRequestLog(id, listed);
  return (
    <Dialog open onOpenChange={onClose} title="Request details" description="What the proxy recorded. Prompts, answers and keys are never stored.">
      {query.data ? (
        <Fields entry={query.data} />
      ) : query.isError ? (
        <Callout tone="danger" role="alert" title="Could not load this request">
          {errorMessage(query.error)}
        </Callout>
      ) : (
        <div className="space-y-3" aria-busy="true">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-5 w-full" />
          ))}
        </div>
      )}
    </Dialog>
  );
}
