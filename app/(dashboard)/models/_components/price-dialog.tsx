"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { PriceFormFields } from "@/app/(dashboard)/models/_components/price-form-fields";
import { EMPTY_PRICE, toPriceInput, valuesFromPrice, type PriceFormValues } from "@/app/(dashboard)/models/_components/price-form-values";
import { useCreatePrice } from "@/app/(dashboard)/models/_components/use-create-price";
import { useUpdatePrice } from "@/app/(dashboard)/models/_components/use-update-price";
import { createModelPriceSchema, type ModelPrice } from "@/lib/prices/schemas";

export interface PriceDialogState {
  /** The override to edit; null adds a new one. */
  price: ModelPrice | null;
  /** Prefilled values for a new one (a catalog row, or a model without a price). */
  initial?: PriceFormValues;
  /** Where the prefilled values come from. */
  note?: ReactNode;
}

/** Add a price override (price = null) or edit one; field errors appear beside the fields. */
export function PriceDialog({ price, initial, note, onClose }: PriceDialogState & { onClose: () => void }) {
  const formId = useId();
  const toast = useToast();
  const create = useCreatePrice();
  const update = useUpdatePrice();
  const [values, setValues] = useState<PriceFormValues>(price ? valuesFromPrice(price) : (initial ?? EMPTY_PRICE));
  const [errors, setErrors] = useState<FieldErrors>({});
  const saving = create.isPending || update.isPending;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const options = {
      onSuccess: (saved: ModelPrice) => {
        toast.success(price ? `Saved the price for “${saved.pattern}”` : `Price for “${saved.pattern}” added`);
        onClose();
      },
      onError: (error: unknown) => setErrors(serverFieldErrors(error)),
    };
    // Editing needs every field too: an emptied price field must not silently keep the old price.
    const result = validate(createModelPriceSchema, toPriceInput(values));
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (price) update.mutate({ id: price.id, input: result.data }, options);
    else create.mutate(result.data, options);
  }

  return (
    <Dialog
      open
      onOpenChange={onClose}
      dismissible={!saving}
      title={price ? `Edit the price for “${price.pattern}”` : "Add price"}
      description={
        note ?? "Requests for matching models are charged at this price instead of the shipped catalog's, from the next request on."
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={saving}>
            {price ? "Save changes" : "Add price"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate>
        <PriceFormFields values={values} errors={errors} onChange={setValues} />
      </form>
    </Dialog>
  );
}
