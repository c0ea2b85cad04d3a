"use client";

import type { ReactNode } from "react";
import { errorMessage } from "@/components/api/client";
import { formatNumber } from "@/components/format";
import { useRequestLogs } from "@/components/hooks/use-request-logs";
import { ListIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { LogDetailDialog } from "@/components/usage/log-detail-dialog";
import { LogTable } from "@/components/usage/log-table";
import type { LogParams } from "@/components/usage/params";
import { useUrlParams } from "@/components/usage/use-url-params";

interface RequestLogListProps {
  params: LogParams;
  limit?: number;
  showKey?: boolean;
  /** Shown beside "Load more" (e.g. a link to the full request log). */
  footer?: ReactNode;
  emptyHint?: ReactNode;
}

/** The log explorer's list: newest first, "Load more" pages by cursor; ?request=id opens a request. */
export function RequestLogList({ params, limit, showKey, footer, emptyHint }: RequestLogListProps) {
  const logs = useRequestLogs(params, { limit });
  const [search, update] = useUrlParams();
  const openId = search.get("request");
  const entries = logs.data?.pages.flatMap((page) => page.items);
  const listed = entries?.find((e) => e.id === openId);

  let body: ReactNode;
  if (logs.isError && !entries) {
    body = (
      <div className="p-5">
        <Callout tone="danger" role="alert" title="Could not load the request log" action={<Button variant="secondary" size="sm" onClick={() => void logs.refetch()}>Try again</Button>}>
          {errorMessage(logs.error)}
        </Callout>
      </div>
    );
  } else if (entries && entries.length === 0) {
    body = (
      <div className="px-5 py-14 text-center">
        <ListIcon className="mx-auto size-6 text-zinc-400" />
        <p className="mt-3 text-sm font-medium">No requests in this range</p>
        <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-500 dark:text-zinc-400">{emptyHint ?? "Try a longer range or fewer filters."}</p>
      </div>
    );
  } else {
    body = <LogTable entries={entries} showKey={showKey} onOpen={(entry) => update({ request: entry.id }, { replace: true })} />;
  }

  return (
    <>
      {body}
      {entries && entries.length > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-950/5 px-4 py-3 text-sm text-zinc-600 sm:px-5 dark:border-white/10 dark:text-zinc-400">
          <p>
            <span data-testid="log-count" className="font-medium text-zinc-900 dark:text-zinc-100">{formatNumber(entries.length)}</span>{" "}
            {entries.length === 1 ? "request" : "requests"}
            {logs.hasNextPage ? " shown, newest first" : ", newest first"}
          </p>
          <div className="flex items-center gap-2">
            {footer}
            {logs.hasNextPage && (
              <Button variant="secondary" size="sm" loading={logs.isFetchingNextPage} onClick={() => void logs.fetchNextPage()}>
                Load more
              </Button>
            )}
          </div>
        </div>
      )}
      {openId && <LogDetailDialog id={openId} listed={listed} onClose={() => update({ request: undefined }, { replace: true })} />}
    </>
  );
}
