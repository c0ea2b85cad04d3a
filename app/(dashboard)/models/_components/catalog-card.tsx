"use client";

import { useState } from "react";
import { errorMessage } from "@/components/api/client";
import { useDebouncedValue } from "@/components/hooks/use-debounced-value";
import { formatNumber } from "@/components/format";
import { CopyIcon, SearchIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatUsd } from "@/app/(dashboard)/models/_components/format-price";
import { useCatalog } from "@/app/(dashboard)/models/_components/use-catalog";
import type { CatalogModel } from "@/lib/prices/schemas";

const PAGE_SIZE = 10;

function CatalogRow({ model, onCopy }: { model: CatalogModel; onCopy: () => void }) {
  const name = `${model.provider}/${model.id}`;
  const canEdit = useCan("admin");
  return (
    <TR aria-label={name}>
      <TD className="col-span-2 md:max-w-80">
        <span className="block truncate font-mono text-sm font-medium text-zinc-900 dark:text-zinc-100" title={model.id}>
          {model.id}
        </span>
        {/* On a phone the provider goes under the id instead of taking a row of its own. */}
        <span className="mt-0.5 block text-xs text-zinc-500 md:hidden dark:text-zinc-400">{model.provider}</span>
      </TD>
      <TD label="Provider" className="max-md:hidden">
        <span className="text-zinc-600 dark:text-zinc-400">{model.provider}</span>
      </TD>
      <TD label="Input / 1M" className="tabular-nums">
        {formatUsd(model.inputUsdPerMTok)}
      </TD>
      <TD label="Output / 1M" className="tabular-nums">
        {formatUsd(model.outputUsdPerMTok)}
      </TD>
      <TD label="Max output" className="tabular-nums">
        {model.maxOutputTokens === null ? <span className="text-zinc-400 dark:text-zinc-500">Unknown</span> : formatNumber(model.maxOutputTokens)}
      </TD>
      {canEdit && (
        <TD className="md:w-px">
          <div className="flex items-center justify-end">
            <Button variant="ghost" size="sm" aria-label={`Copy ${name} to your prices`} title="Copy to your prices, then change what you need" onClick={onCopy} icon={<CopyIcon />}>
              Copy to my prices
            </Button>
          </div>
        </TD>
      )}
    </TR>
  );
}

/** The shipped price table, searchable and paged; a row can start a new override. */
export function CatalogCard({ onCopy }: { onCopy: (model: CatalogModel) => void }) {
  const canEdit = useCan("admin");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const debounced = useDebouncedValue(search.trim());
  const catalog = useCatalog({ search: debounced || undefined, page, pageSize: PAGE_SIZE });
  const data = catalog.data;

  return (
    <Card aria-label="Shipped catalog">
      <CardHeader
        title="Shipped catalog"
        description={<>Prices from the models.dev catalog that ships with this version of Keygate, for every model none of your prices matches.</>}
      />
      <div className="border-b border-zinc-950/5 px-4 py-3 sm:px-5 dark:border-white/10">
        <div className="relative sm:max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
          <Input
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
            placeholder="Search, e.g. gpt-4o or anthropic/"
            aria-label="Search the catalog"
            maxLength={200}
            spellCheck={false}
            className="pl-9"
          />
        </div>
      </div>
      {catalog.isError && !data ? (
        <div className="p-5">
          <Callout tone="danger" role="alert" title="Could not load the catalog" action={<Button variant="secondary" size="sm" onClick={() => void catalog.refetch()}>Try again</Button>}>
            {errorMessage(catalog.error)}
          </Callout>
        </div>
      ) : data && data.total === 0 ? (
        <div className="px-5 py-12 text-center">
          <SearchIcon className="mx-auto size-6 text-zinc-400" />
          <p className="mt-3 text-sm font-medium">No model in the catalog matches “{debounced}”</p>
          {canEdit && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Add your own price for it above.</p>}
        </div>
      ) : (
        <Table aria-label="Shipped catalog" aria-busy={data === undefined}>
          <THead>
            <tr>
              <TH>Model</TH>
              <TH>Provider</TH>
              <TH>Input / 1M</TH>
              <TH>Output / 1M</TH>
              <TH>Max output</TH>
              {canEdit && (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              )}
            </tr>
          </THead>
          <TBody>
            {data === undefined
              ? Array.from({ length: 5 }, (_, i) => (
                  <TR key={i}>
                    <TD className="col-span-2" colSpan={canEdit ? 6 : 5}>
                      <Skeleton className="h-5 w-full" />
                    </TD>
                  </TR>
                ))
              : data.items.map((model) => <CatalogRow key={`${model.provider}/${model.id}`} model={model} onCopy={() => onCopy(model)} />)}
          </TBody>
        </Table>
      )}
      {data && data.total > 0 && (
        <div className="border-t border-zinc-950/5 px-4 py-3 sm:px-5 dark:border-white/10">
          <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} noun={["model", "models"]} onPageChange={setPage} />
        </div>
      )}
    </Card>
  );
}
