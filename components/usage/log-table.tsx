"use client";

import { formatNumber } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { SkeletonRows, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatLatency, formatTimestamp, formatUsd } from "@/components/usage/format";
import { StatusBadge } from "@/components/usage/status-badge";
import type { RequestLogEntry } from "@/lib/usage/schemas";

interface LogTableProps {
  entries: RequestLogEntry[] | undefined;
  onOpen: (entry: RequestLogEntry) => void;
  showKey?: boolean;
}

const keyName = (e: RequestLogEntry) => e.apiKeyName ?? (e.apiKeyId ? `Deleted key ${e.apiKeyId.slice(0, 8)}` : "No key");

/** Requests newest first; each row opens its detail. */
export function LogTable({ entries, onOpen, showKey = true }: LogTableProps) {
  return (
    <Table aria-label="Requests" aria-busy={entries === undefined}>
      <THead>
        <tr>
          <TH>Time</TH>
          <TH>Status</TH>
          {showKey && <TH>Key</TH>}
          <TH>Model</TH>
          <TH className="max-2xl:hidden">Endpoint</TH>
          <TH className="text-right">Tokens</TH>
          <TH className="text-right">Cost</TH>
          <TH className="text-right">Latency</TH>
        </tr>
      </THead>
      <TBody>
        {entries === undefined
          ? <SkeletonRows columns={showKey ? 7 : 6} />
          : entries.map((entry) => (
              <TR key={entry.id} aria-label={`Request ${entry.id}`} className="cursor-pointer" onClick={() => onOpen(entry)}>
                <TD className="col-span-2 md:col-span-1">
                  <div className="flex items-center justify-between gap-2">
                    <button
                      type="button"
                      onClick={(event) => {
                        event.stopPropagation();
                        onOpen(entry);
                      }}
                      aria-label={`View request ${entry.id}`}
                      className="rounded font-mono text-xs whitespace-nowrap text-zinc-700 hover:text-indigo-600 hover:underline dark:text-zinc-300 dark:hover:text-indigo-300"
                    >
                      {formatTimestamp(entry.createdAt)}
                    </button>
                    {/* On phones the status and streaming sit beside the time; the table has columns for them. */}
                    <span className="flex items-center gap-1.5 md:hidden">
                      {entry.stream && <Badge tone="info">stream</Badge>}
                      <StatusBadge entry={entry} />
                    </span>
                  </div>
                </TD>
                <TD className="max-md:hidden">
                  {/* Below 2xl the endpoint column gives way to cost: streaming shows here, the endpoint under the model. */}
                  <span className="flex items-center gap-1.5 whitespace-nowrap">
                    <StatusBadge entry={entry} />
                    {entry.stream && (
                      <span className="2xl:hidden">
                        <Badge tone="info">stream</Badge>
                      </span>
                    )}
                  </span>
                </TD>
                {showKey && (
                  <TD label="Key" className="md:max-w-40">
                    <span className="block truncate" title={keyName(entry)}>{keyName(entry)}</span>
                  </TD>
                )}
                <TD label="Model" className="md:max-w-44">
                  <span className="block truncate font-mono text-xs" title={entry.model ?? undefined}>{entry.model ?? "—"}</span>
                  <span className="mt-0.5 hidden truncate font-mono text-[11px] text-zinc-500 md:block 2xl:hidden dark:text-zinc-400">{entry.endpoint}</span>
                </TD>
                {/* Important: TD's own md:table-cell would otherwise win over a max-width variant. */}
                <TD label="Endpoint" className="max-2xl:hidden!">
                  <span className="flex items-center gap-1.5 whitespace-nowrap">
                    <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{entry.endpoint}</span>
                    {entry.stream && <Badge tone="info">stream</Badge>}
                  </span>
                </TD>
                <TD label="Tokens" className="tabular-nums md:text-right">
                  {entry.totalTokens === null ? <span className="text-zinc-400">—</span> : formatNumber(entry.totalTokens)}
                </TD>
                <TD label="Cost" className="tabular-nums whitespace-nowrap md:text-right">
                  {entry.costUsd === null ? <span className="text-zinc-400" title="No cost recorded">—</span> : <span data-testid="log-cost">{formatUsd(entry.costUsd)}</span>}
                </TD>
                <TD label="Latency" className="tabular-nums whitespace-nowrap md:text-right">
                  {formatLatency(entry.latencyMs)}
                </TD>
              </TR>
            ))}
      </TBody>
    </Table>
  );
}
