"use client";

import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ExportLinks } from "@/components/usage/export-links";
import { toQueryString, type LogParams } from "@/components/usage/params";
import { RequestLogList } from "@/components/usage/request-log-list";

/** The request log filtered to this key, over the same days as its usage chart. */
export function RecentRequestsCard({ keyId, range }: { keyId: string; range: { from: string; to: string } }) {
  const params: LogParams = { range: "custom", from: range.from, to: range.to, keyId };
  const query = toQueryString(params);
  return (
    <Card aria-label="Recent requests" className="min-w-0">
      <CardHeader title="Recent requests" description="Newest first. Open one to see everything recorded about it." actions={<ExportLinks logQuery={query} />} />
      <RequestLogList
        params={params}
        limit={20}
        showKey={false}
        emptyHint="This key made no request in the period."
        footer={
          <Link href={`/usage/logs?${query}`} className={buttonClasses("ghost", "sm")}>
            Open in request log
          </Link>
        }
      />
    </Card>
  );
}
