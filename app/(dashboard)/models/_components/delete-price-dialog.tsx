"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { useDeletePrice } from "@/app/(dashboard)/models/_components/use-delete-price";
import type { ModelPrice } from "@/lib/prices/schemas";

export function DeletePriceDialog({ price, onClose }: { price: ModelPrice; onClose: () => void }) {
  const remove = useDeletePrice();
  const toast = useToast();

  function onConfirm() {
    remove.mutate(price.id, {
      onSuccess: () => {
        toast.success(`Price for “${price.pattern}” deleted`);
        onClose();
      },
    });
  }

  return (
    <ConfirmDialog title={`Delete the price for “${price.pattern}”?`} confirmLabel="Delete price" pending={remove.isPending} onConfirm={onConfirm} onClose={onClose}>
      From the next request on, the models it matches are charged at the next matching price of yours, or the shipped catalog&apos;s,
      or not at all. Costs already logged stay as they are.
    </ConfirmDialog>
  );
}
