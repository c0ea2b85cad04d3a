"use client";

import { useState } from "react";
import { PlusIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { useCan } from "@/components/shell/session-user";
import { ViewOnlyNote } from "@/components/view-only-note";
import { Button } from "@/components/ui/button";
import { CatalogCard } from "@/app/(dashboard)/models/_components/catalog-card";
import { CheckModelCard } from "@/app/(dashboard)/models/_components/check-model-card";
import { DeletePriceDialog } from "@/app/(dashboard)/models/_components/delete-price-dialog";
import { PriceDialog, type PriceDialogState } from "@/app/(dashboard)/models/_components/price-dialog";
import { PricesCard } from "@/app/(dashboard)/models/_components/prices-card";
import { EMPTY_PRICE, valuesFromPrice } from "@/app/(dashboard)/models/_components/price-form-values";
import type { ModelPrice } from "@/lib/prices/schemas";

export function ModelsPage() {
  const canEdit = useCan("admin");
  const [dialog, setDialog] = useState<PriceDialogState | null>(null);
  const [deleting, setDeleting] = useState<ModelPrice | null>(null);

  return (
    <>
      <PageHeader
        title="Models & pricing"
        description="What each proxied request costs, in US dollars per 1M tokens. Costs appear in the usage views and request log and count against key budgets."
        actions={
          canEdit && (
            <Button onClick={() => setDialog({ price: null })} icon={<PlusIcon />}>
              Add price
            </Button>
          )
        }
      />
      <ViewOnlyNote what="prices" />
      <div className="space-y-6">
        <PricesCard onAdd={() => setDialog({ price: null })} onEdit={(price) => setDialog({ price })} onDelete={setDeleting} />
        <CheckModelCard onAddFor={(model) => setDialog({ price: null, initial: { ...EMPTY_PRICE, pattern: model } })} />
        <CatalogCard
          onCopy={(model) =>
            setDialog({
              price: null,
              initial: valuesFromPrice({ pattern: model.id, inputUsdPerMTok: model.inputUsdPerMTok, outputUsdPerMTok: model.outputUsdPerMTok }),
              note: (
                <>
                  Copied from <span className="font-mono">{model.provider}/{model.id}</span> in the catalog. Change the pattern or the prices, then add it.
                </>
              ),
            })
          }
        />
      </div>
      {canEdit && dialog && <PriceDialog {...dialog} onClose={() => setDialog(null)} />}
      {canEdit && deleting && <DeletePriceDialog price={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}
