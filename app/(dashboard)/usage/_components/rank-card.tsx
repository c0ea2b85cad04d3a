"use client";

import Link from "next/link";
import { useState } from "react";
import { formatNumber } from "@/components/format";
import { FilterIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Segmented } from "@/components/ui/segmented";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatPercent, formatUsd } from "@/components/usage/format";
import { ShareCell } from "@/components/usage/share-cell";
import type { UsageRankRow } from "@/lib/usage/schemas";

const SHOWN = 8;
const SORTS = [
  { id: "requests", label: "Requests" },
  { id: "tokens", label: "Tokens" },
  { id: "cost", label: "Cost" },
] as const;
type Sort = (typeof SORTS)[number]["id"];

// Each order breaks ties by the other measures, so equal rows keep a stable place.
const ORDER: Record<Sort, (a: UsageRankRow, b: UsageRankRow) => number> = {
  requests: (a, b) => b.requests - a.requests || b.totalTokens - a.totalTokens || b.costUsd - a.costUsd,
  tokens: (a, b) => b.totalTokens - a.totalTokens || b.requests - a.requests || b.costUsd - a.costUsd,
  cost: (a, b) => b.costUsd - a.costUsd || b.requests - a.requests || b.totalTokens - a.totalTokens,
};

const NAMES = {
  key: { title: "Top keys", table: "Keys ranked", plural: "keys", column: "Key" },
  model: { title: "Top models", table: "Models ranked", plural: "models", column: "Model" },
  tag: { title: "Top tags", table: "Tags ranked", plural: "tags", column: "Tag" },
} as const;

interface RankCardProps {
  kind: keyof typeof NAMES;
  rows: UsageRankRow[];
  onFilter: (id: string) => void;
}

/**
 * Keys, models or tags ranked by requests, tokens or cost, with their share; a key opens its own
 * page. A key counts under each of its tags, so the tags' shares can add up past 100 %.
 */
export function RankCard({ kind, rows, onFilter }: RankCardProps) {
  const [sort, setSort] = useState<Sort>("requests");
  const [all, setAll] = useState(false);
  const sorted = [...rows].sort(ORDER[sort]);
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  const names = NAMES[kind];
  return (
    <Card aria-label={names.title} className="min-w-0">
      <CardHeader
        title={names.title}
        description={kind === "tag" ? "Each key counts under every tag it carries now." : undefined}
        actions={<Segmented label={`Rank ${names.plural} by`} size="sm" options={SORTS} value={sort} onValueChange={setSort} />}
      />
      <Table aria-label={names.table}>
        <THead>
          <tr>
            <TH>{names.column}</TH>
            <TH>Requests</TH>
            <TH>Tokens</TH>
            <TH>Cost</TH>
            <TH className="text-right">Errors</TH>
          </tr>
        </THead>
        <TBody>
          {shown.map((row) => (
            <TR key={row.id} aria-label={row.label}>
              <TD className="col-span-2 md:max-w-52">
                <div className="flex min-w-0 items-center gap-1">
                  {kind === "key" && row.id !== "" ? (
                    <Link href={`/keys/${encodeURIComponent(row.id)}`} className="truncate font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-300" title={`Open ${row.label}`}>
                      {row.label}
                    </Link>
                  ) : (
                    <span className={kind !== "key" && row.id !== "" ? "truncate font-mono text-[13px] font-medium" : "truncate font-medium text-zinc-500"} title={row.label}>
                      {row.label}
                    </span>
                  )}
                  {row.id !== "" && (
                    <Button variant="ghost" size="icon" className="size-7 shrink-0 text-zinc-400" aria-label={`Filter by ${row.label}`} title="Show only this one" onClick={() => onFilter(row.id)} icon={<FilterIcon className="size-3.5" />} />
                  )}
                </div>
              </TD>
              <TD label="Requests">
                <ShareCell value={row.requests} share={row.requestShare} tone="indigo" testId="rank-requests" />
              </TD>
              <TD label="Tokens">
                <ShareCell value={row.totalTokens} share={row.tokenShare} tone="sky" testId="rank-tokens" />
              </TD>
              <TD label="Cost">
                <ShareCell value={row.costUsd} share={row.costShare} tone="emerald" testId="rank-cost" format={formatUsd} />
              </TD>
              <TD label="Errors" className="md:text-right">
                <span data-testid="rank-errors" className="font-medium tabular-nums">{formatNumber(row.errors)}</span>
                {row.requests > 0 && <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">{formatPercent(row.errors / row.requests)}</span>}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {rows.length > SHOWN && (
        <div className="border-t border-zinc-950/5 px-5 py-2.5 dark:border-white/10">
          <Button variant="ghost" size="sm" onClick={() => setAll(!all)}>
            {all ? "Show fewer" : `Show all ${formatNumber(rows.length)}`}
          </Button>
        </div>
      )}
    </Card>
  );
}
