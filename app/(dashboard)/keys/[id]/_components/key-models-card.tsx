"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatUsd } from "@/components/usage/format";
import { ShareCell } from "@/components/usage/share-cell";
import type { KeyUsage } from "@/lib/usage/schemas";

/** Which models the key used in the period, by requests, tokens and cost. */
export function KeyModelsCard({ usage }: { usage: KeyUsage }) {
  const { models, totals } = usage;
  return (
    <Card aria-label="Models used" className="h-full min-w-0">
      <CardHeader title="Models" description="Requests, tokens and cost per model in the period." />
      {models.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">No requests in this period.</p>
      ) : (
        <Table aria-label="Models used by this key">
          <THead>
            <tr>
              <TH>Model</TH>
              <TH>Requests</TH>
              <TH>Tokens</TH>
              <TH className="text-right">Cost</TH>
            </tr>
          </THead>
          <TBody>
            {models.map((m) => (
              <TR key={m.model} aria-label={m.model || "(no model)"}>
                <TD className="col-span-2 md:max-w-48">
                  <span className="block truncate font-mono text-[13px] font-medium" title={m.model}>{m.model || "(no model)"}</span>
                </TD>
                <TD label="Requests">
                  <ShareCell value={m.requests} share={totals.requests ? m.requests / totals.requests : 0} tone="indigo" testId="model-requests" />
                </TD>
                <TD label="Tokens">
                  <ShareCell value={m.totalTokens} share={totals.totalTokens ? m.totalTokens / totals.totalTokens : 0} tone="sky" testId="model-tokens" />
                </TD>
                <TD label="Cost" className="tabular-nums md:text-right" data-testid="model-cost">
                  {formatUsd(m.costUsd)}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
