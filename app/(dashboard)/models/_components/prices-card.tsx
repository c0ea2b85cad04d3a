"use client";

import { errorMessage } from "@/components/api/client";
import { formatDate, formatDateTime } from "@/components/format";
import { CoinsIcon, PencilIcon, PlusIcon, TrashIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatUsd } from "@/app/(dashboard)/models/_components/format-price";
import { usePrices } from "@/app/(dashboard)/models/_components/use-prices";
import type { ModelPrice } from "@/lib/prices/schemas";

interface PricesCardProps {
  onAdd: () => void;
  onEdit: (price: ModelPrice) => void;
  onDelete: (price: ModelPrice) => void;
}

function PriceRow({ price, onEdit, onDelete }: { price: ModelPrice; onEdit: () => void; onDelete: () => void }) {
  const wildcard = price.pattern.includes("*");
  const canEdit = useCan("admin");
  return (
    <TR aria-label={price.pattern}>
      <TD className="col-span-2">
        <div className="flex min-w-0 items-center gap-2">
          <span className="truncate font-mono text-sm font-medium text-zinc-900 dark:text-zinc-100" title={price.pattern}>
            {price.pattern}
          </span>
          {wildcard && <Badge title="Matches every model id of this shape (* is any run of characters)">Wildcard</Badge>}
        </div>
      </TD>
      <TD label="Input / 1M" className="tabular-nums">
        {formatUsd(price.inputUsdPerMTok)}
      </TD>
      <TD label="Output / 1M" className="tabular-nums">
        {formatUsd(price.outputUsdPerMTok)}
      </TD>
      <TD label="Updated" className="col-span-2 md:col-span-1">
        <span className="whitespace-nowrap text-zinc-600 dark:text-zinc-400" title={formatDateTime(price.updatedAt)}>
          {formatDate(price.updatedAt)}
        </span>
      </TD>
      {canEdit && (
        <TD className="col-span-2 md:w-px">
          <div className="flex items-center justify-end gap-1 border-t border-zinc-950/5 pt-3 md:border-0 md:pt-0 dark:border-white/10">
            <Button variant="ghost" size="sm" aria-label={`Edit ${price.pattern}`} title="Edit pattern and prices" onClick={onEdit} icon={<PencilIcon />}>
              <span className="md:sr-only">Edit</span>
            </Button>
            <Button variant="danger-ghost" size="sm" aria-label={`Delete ${price.pattern}`} title="Delete price" onClick={onDelete} icon={<TrashIcon />}>
              <span className="md:sr-only">Delete</span>
            </Button>
          </div>
        </TD>
      )}
    </TR>
  );
}

/** The admin's own prices, in the order the proxy tries them. */
export function PricesCard({ onAdd, onEdit, onDelete }: PricesCardProps) {
  const prices = usePrices();
  const canEdit = useCan("admin");
  return (
    <Card aria-label="Your prices">
      <CardHeader
        title="Your prices"
        description="Charged instead of the shipped catalog. Tried top to bottom: exact model ids first, then wildcards from the longest."
      />
      {prices.isPending ? (
        <div className="space-y-3 p-5">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-6 w-full" />
          ))}
        </div>
      ) : prices.isError ? (
        <div className="p-5">
          <Callout tone="danger" role="alert" title="Could not load your prices" action={<Button variant="secondary" size="sm" onClick={() => void prices.refetch()}>Try again</Button>}>
            {errorMessage(prices.error)}
          </Callout>
        </div>
      ) : prices.data.length === 0 ? (
        <div className="px-6 py-10 text-center">
          <div className="mx-auto flex size-11 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
            <CoinsIcon className="size-5" />
          </div>
          <h3 className="mt-4 text-base font-semibold">No prices of your own yet</h3>
          <p className="mx-auto mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
            Models are charged at their price in the shipped catalog below. Add one for a model the catalog does not know (self-hosted or
            fine-tuned), or to match what your provider really charges.
          </p>
          {canEdit && (
            <Button className="mt-5" onClick={onAdd} icon={<PlusIcon />}>
              Add price
            </Button>
          )}
        </div>
      ) : (
        <Table aria-label="Your prices">
          <THead>
            <tr>
              <TH>Model or pattern</TH>
              <TH>Input / 1M</TH>
              <TH>Output / 1M</TH>
              <TH>Updated</TH>
              {canEdit && (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              )}
            </tr>
          </THead>
          <TBody>
            {prices.data.map((price) => (
              <PriceRow key={price.id} price={price} onEdit={() => onEdit(price)} onDelete={() => onDelete(price)} />
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
