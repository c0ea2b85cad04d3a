"use client";

import { errorMessage } from "@/components/api/client";
import { useUsageOverview } from "@/components/hooks/use-usage-overview";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { cn } from "@/components/ui/cn";
import { ExportLinks } from "@/components/usage/export-links";
import { formatSpan } from "@/components/usage/format";
import { readGroupBy, readUsageParams, toQueryString } from "@/components/usage/params";
import { UsageEmpty } from "@/components/usage/usage-empty";
import { UsageFilterBar } from "@/components/usage/usage-filter-bar";
import { useFilterOptions } from "@/components/usage/use-filter-options";
import { useUrlParams } from "@/components/usage/use-url-params";
import { ChartsSkeleton } from "@/app/(dashboard)/usage/_components/charts-skeleton";
import { CostCard } from "@/app/(dashboard)/usage/_components/cost-card";
import { HealthCards } from "@/app/(dashboard)/usage/_components/health-cards";
import { RankCard } from "@/app/(dashboard)/usage/_components/rank-card";
import { TotalsCards } from "@/app/(dashboard)/usage/_components/totals-cards";
import { TrafficCard } from "@/app/(dashboard)/usage/_components/traffic-card";
import { UsageNav } from "@/app/(dashboard)/usage/_components/usage-nav";

/** Who uses the proxy, how much, how fast and how often it fails: every part follows the URL's filters. */
export function UsagePage() {
  const [search, update] = useUrlParams();
  const params = readUsageParams(search);
  const groupBy = readGroupBy(search);
  const overview = useUsageOverview({ ...params, groupBy });
  const data = overview.data;
  const options = useFilterOptions(params, { byKey: data?.byKey, byModel: data?.byModel, byTag: data?.byTag });
  const filtered = params.keyId !== undefined || params.model !== undefined || params.tag !== undefined;
  const query = toQueryString(params);
  const clear = () => update({ keyId: undefined, model: undefined, tag: undefined });

  return (
    <>
      <PageHeader
        title="Usage"
        description={data ? <>Requests through the proxy, {formatSpan(data.range.from, data.range.to)}, per {data.range.interval}.</> : "Requests through the proxy per key and model."}
        actions={<ExportLinks totalsQuery={query} logQuery={query} />}
      />
      <UsageNav />
      <UsageFilterBar
        params={params}
        keys={options.keys}
        models={options.models}
        tags={options.tags}
        filtered={filtered}
        onChange={update}
        onClear={clear}
      />
      {overview.isError && !data ? (
        <Callout tone="danger" role="alert" title="Could not load usage" action={<Button variant="secondary" size="sm" onClick={() => void overview.refetch()}>Try again</Button>}>
          {errorMessage(overview.error)}
        </Callout>
      ) : (
        <div className={cn("space-y-6 transition-opacity", overview.isPlaceholderData && "opacity-60")} aria-busy={overview.isFetching}>
          <TotalsCards totals={data?.totals} />
          {!data ? (
            <ChartsSkeleton />
          ) : data.totals.requests === 0 ? (
            <UsageEmpty
              actions={
                <>
                  {params.range !== "30d" && (
                    <Button variant="secondary" onClick={() => update({ range: "30d", from: undefined, to: undefined })}>
                      Show the last 30 days
                    </Button>
                  )}
                  {filtered && (
                    <Button variant="secondary" onClick={clear}>
                      Clear filters
                    </Button>
                  )}
                </>
              }
            >
              {filtered ? "Nothing matches these filters in the range." : "No request reached the proxy in this range."} Usage appears here within a
              second of each request.
            </UsageEmpty>
          ) : (
            <>
              <TrafficCard overview={data} groupBy={groupBy} onGroupByChange={(value) => update({ groupBy: value === "key" ? undefined : value })} />
              <CostCard overview={data} />
              <HealthCards overview={data} />
              <div className="grid gap-6">
                <RankCard kind="key" rows={data.byKey} onFilter={(keyId) => update({ keyId })} />
                <RankCard kind="model" rows={data.byModel} onFilter={(model) => update({ model })} />
                <RankCard kind="tag" rows={data.byTag} onFilter={(tag) => update({ tag })} />
              </div>
            </>
          )}
        </div>
      )}
    </>
  );
}
