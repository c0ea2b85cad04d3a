"use client";

import { useUsageOverview } from "@/components/hooks/use-usage-overview";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { ExportLinks } from "@/components/usage/export-links";
import { readLogParams, toQueryString } from "@/components/usage/params";
import { RequestLogList } from "@/components/usage/request-log-list";
import { UsageFilterBar } from "@/components/usage/usage-filter-bar";
import { useFilterOptions } from "@/components/usage/use-filter-options";
import { useUrlParams } from "@/components/usage/use-url-params";
import { UsageNav } from "@/app/(dashboard)/usage/_components/usage-nav";
import { LogFilters } from "@/app/(dashboard)/usage/logs/_components/log-filters";

/** Every request, newest first, filtered by range, key, model, tag, status, endpoint and streaming. */
export function LogsPage() {
  const [search, update] = useUrlParams();
  const params = readLogParams(search);
  // The selected key's name, when it has no traffic in the range and so is not among the options.
  const selected = useUsageOverview({ range: params.range, from: params.from, to: params.to, keyId: params.keyId }, { enabled: params.keyId !== undefined });
  const options = useFilterOptions(params, { byKey: selected.data?.byKey });
  const filtered = [params.keyId, params.model, params.tag, params.status, params.endpoint, params.stream].some((v) => v !== undefined);

  return (
    <>
      <PageHeader
        title="Request log"
        description="Every request through the proxy, newest first. Open one to see everything recorded about it."
        actions={<ExportLinks logQuery={toQueryString(params)} />}
      />
      <UsageNav />
      <UsageFilterBar
        params={params}
        keys={options.keys}
        models={options.models}
        tags={options.tags}
        filtered={filtered}
        onChange={update}
        onClear={() => update({ keyId: undefined, model: undefined, tag: undefined, status: undefined, endpoint: undefined, stream: undefined })}
      >
        <LogFilters params={params} onChange={update} />
      </UsageFilterBar>
      <Card aria-label="Request log">
        <RequestLogList params={params} />
      </Card>
    </>
  );
}
