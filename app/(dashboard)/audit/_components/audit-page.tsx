"use client";

import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { errorMessage } from "@/components/api/client";
import { actionLabel, actionTone, changeLines } from "@/components/audit/format";
import { formatNumber } from "@/components/format";
import { useAuditLog } from "@/components/hooks/use-audit-log";
import { useDebouncedValue } from "@/components/hooks/use-debounced-value";
import { CloseIcon, DownloadIcon, ShieldIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Segmented } from "@/components/ui/segmented";
import { SkeletonRows, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { FilterSelect } from "@/components/usage/filter-select";
import { formatTimestamp } from "@/components/usage/format";
import { useUrlParams } from "@/components/usage/use-url-params";
import { AUDIT_ACTIONS, AUDIT_CATEGORIES, type AuditEntry } from "@/lib/audit/schemas";

const SINCE = [
  { id: "all", label: "All time" },
  { id: "24h", label: "24 hours" },
  { id: "7d", label: "7 days" },
  { id: "30d", label: "30 days" },
] as const;
type Since = (typeof SINCE)[number]["id"];
const SINCE_MS: Record<Exclude<Since, "all">, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

const CATEGORY_LABELS: Record<string, string> = { key: "API keys", provider: "Providers", price: "Prices", settings: "Settings", usage: "Usage data", user: "Users", account: "Accounts", auth: "Sign-ins" };
const ACTION_OPTIONS = [
  ...AUDIT_CATEGORIES.map((id) => ({ id, label: `All: ${CATEGORY_LABELS[id] ?? id}` })),
  ...AUDIT_ACTIONS.map((id) => ({ id, label: actionLabel(id) })),
];

const ACTOR_TYPES: Record<AuditEntry["actor"]["type"], string> = { user: "User", admin_token: "Admin token", system: "System", anonymous: "Not signed in" };

/** A text filter typed into the URL once the typing pauses. */
function TextFilter({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string | undefined; onChange: (value: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "");
  const debounced = useDebouncedValue(text, 300);
  useEffect(() => {
    if ((debounced.trim() || undefined) !== value) onChange(debounced.trim() || undefined);
    // Only the typing drives this; the URL drives the text on navigation (below).
  }, [debounced]);
  useEffect(() => {
    if (value === undefined) setText("");
  }, [value]);
  return <Input aria-label={label} placeholder={placeholder} value={text} onChange={(event) => setText(event.target.value)} className="w-full min-w-0" maxLength={200} />;
}

function Target({ entry }: { entry: AuditEntry }) {
  const { type, id, label } = entry.target;
  const name = label ?? id ?? type;
  const deleted = entry.action === "key.deleted";
  return (
    <div className="min-w-0">
      <div className="text-xs text-zinc-500 capitalize dark:text-zinc-400">{type}</div>
      {type === "key" && id && !deleted ? (
        <Link href={`/keys/${encodeURIComponent(id)}`} className="block truncate font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-300" title={`Open ${name}`}>
          {name}
        </Link>
      ) : (
        <div className="truncate font-medium" title={name}>
          {name}
        </div>
      )}
    </div>
  );
}

function Changes({ entry }: { entry: AuditEntry }) {
  const lines = changeLines(entry);
  if (lines.length === 0) return <span className="text-zinc-400">—</span>;
  const shown = lines.slice(0, 3);
  const list = (items: string[]) => (
    <ul className="space-y-0.5 font-mono text-xs wrap-anywhere text-zinc-700 dark:text-zinc-300">
      {items.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
  if (lines.length <= 3) return list(shown);
  return (
    <details>
      <summary className="cursor-pointer text-xs font-medium text-indigo-600 dark:text-indigo-300">{lines.length} changes</summary>
      <div className="mt-1">{list(lines)}</div>
    </details>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] | undefined }) {
  return (
    <Table aria-label="Audit entries" aria-busy={entries === undefined}>
      <THead>
        <tr>
          <TH>Time</TH>
          <TH>Actor</TH>
          <TH>Action</TH>
          <TH>Target</TH>
          <TH>Changes</TH>
          <TH className="max-lg:hidden">Address</TH>
        </tr>
      </THead>
      <TBody>
        {entries === undefined
          ? <SkeletonRows columns={6} />
          : entries.map((entry) => (
              <TR key={entry.id} aria-label={`${actionLabel(entry.action)}: ${entry.target.label ?? entry.target.type}`} className="md:align-top">
                <TD label="Time" className="md:align-top">
                  <time dateTime={entry.createdAt} title={formatTimestamp(entry.createdAt, true)} className="font-mono text-xs whitespace-nowrap text-zinc-700 dark:text-zinc-300">
                    {formatTimestamp(entry.createdAt)}
                  </time>
                </TD>
                <TD label="Actor" className="md:max-w-48 md:align-top">
                  <div className="truncate font-medium" title={entry.actor.label}>
                    {entry.actor.label}
                  </div>
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">{ACTOR_TYPES[entry.actor.type]}</div>
                </TD>
                <TD label="Action" className="md:align-top">
                  <Badge tone={actionTone(entry.action)} title={entry.action}>
                    {actionLabel(entry.action)}
                  </Badge>
                </TD>
                <TD label="Target" className="md:max-w-48 md:align-top">
                  <Target entry={entry} />
                </TD>
                <TD label="Changes" className="col-span-2 md:min-w-48 md:max-w-96 md:align-top">
                  <Changes entry={entry} />
                </TD>
                <TD label="Address" className="col-span-2 md:align-top md:max-lg:hidden">
                  {/* The user agent is long: on the address's tooltip, and in the export. */}
                  <div className="font-mono text-xs whitespace-nowrap" title={entry.userAgent ?? undefined}>
                    {entry.ip ?? "—"}
                  </div>
                  {entry.userAgent && <div className="truncate text-xs text-zinc-500 md:hidden dark:text-zinc-400">{entry.userAgent}</div>}
                </TD>
              </TR>
            ))}
      </TBody>
    </Table>
  );
}

/** Who changed what, when and from where: every change through the dashboard or /api, and every sign-in. */
export function AuditPage() {
  const [search, update] = useUrlParams();
  const actor = search.get("actor") ?? undefined;
  const target = search.get("target") ?? undefined;
  const action = search.get("action") ?? undefined;
  const since = (SINCE.find((s) => s.id === search.get("since"))?.id ?? "all") as Since;
  // The start of a relative range is fixed when it is picked, so pages share one query.
  const [now] = useState(() => Date.now());
  const from = since === "all" ? undefined : new Date(now - SINCE_MS[since]).toISOString();
  const query = new URLSearchParams(Object.entries({ actor, action, target, from }).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  const log = useAuditLog(query);
  const entries = log.data?.pages.flatMap((page) => page.items);
  const filtered = actor !== undefined || action !== undefined || target !== undefined || since !== "all";

  let body: ReactNode;
  if (log.isError && !entries) {
    body = (
      <div className="p-5">
        <Callout tone="danger" role="alert" title="Could not load the audit log" action={<Button variant="secondary" size="sm" onClick={() => void log.refetch()}>Try again</Button>}>
          {errorMessage(log.error)}
        </Callout>
      </div>
    );
  } else if (entries && entries.length === 0) {
    body = (
      <div className="px-5 py-14 text-center">
        <ShieldIcon className="mx-auto size-6 text-zinc-400" />
        <p className="mt-3 text-sm font-medium">{filtered ? "No entries match these filters" : "No entries yet"}</p>
        <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-500 dark:text-zinc-400">Every change to keys, providers, prices and settings, and every sign-in, is recorded here.</p>
      </div>
    );
  } else {
    body = <AuditTable entries={entries} />;
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change through the dashboard or the API, and every sign-in: who, when, what changed and from where. Entries cannot be edited or deleted."
        actions={
          <a href={`/api/audit/export${query ? `?${query}` : ""}`} download className={buttonClasses("secondary", "md")} title="Every entry matching the filters, newest first">
            <DownloadIcon />
            Export CSV
          </a>
        }
      />
      <div className="mb-6 flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Segmented label="Time" options={SINCE} value={since} onValueChange={(value) => update({ since: value === "all" ? undefined : value })} />
          {filtered && (
            <Button variant="ghost" size="sm" onClick={() => update({ actor: undefined, action: undefined, target: undefined, since: undefined })} icon={<CloseIcon className="size-3.5" />}>
              Clear filters
            </Button>
          )}
        </div>
        <div className="grid gap-2 sm:grid-cols-3">
          <TextFilter label="Actor" placeholder="Actor: email or ADMIN_TOKEN" value={actor} onChange={(value) => update({ actor: value })} />
          <FilterSelect label="Action" allLabel="All actions" value={action} options={ACTION_OPTIONS} onChange={(value) => update({ action: value })} fill />
          <TextFilter label="Target" placeholder="Target: name or id" value={target} onChange={(value) => update({ target: value })} />
        </div>
      </div>
      <Card aria-label="Audit log">
        {body}
        {entries && entries.length > 0 && (
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-950/5 px-4 py-3 text-sm text-zinc-600 sm:px-5 dark:border-white/10 dark:text-zinc-400">
            <p>
              <span data-testid="audit-count" className="font-medium text-zinc-900 dark:text-zinc-100">{formatNumber(entries.length)}</span>{" "}
              {entries.length === 1 ? "entry" : "entries"}
              {log.hasNextPage ? " shown, newest first" : ", newest first"}
            </p>
            {log.hasNextPage && (
              <Button variant="secondary" size="sm" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                Load more
              </Button>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
