"use client";

import { useId, useState, type FormEvent } from "react";
import { validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { fromDateTimeLocal, toDateTimeLocal } from "@/components/usage/datetime-local";
import { usageFilterSchema } from "@/lib/usage/schemas";

interface CustomRangeDialogProps {
  from?: string;
  to?: string;
  onApply: (range: { from: string; to: string }) => void;
  onClose: () => void;
}

/** From and to in the browser's time zone, checked with the API's own filter schema. */
export function CustomRangeDialog({ from, to, onApply, onClose }: CustomRangeDialogProps) {
  const formId = useId();
  const now = Date.now();
  const [values, setValues] = useState({
    from: toDateTimeLocal(from ? new Date(from) : new Date(now - 7 * 86_400_000)),
    to: toDateTimeLocal(to ? new Date(to) : new Date(now)),
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const start = fromDateTimeLocal(values.from);
    const end = fromDateTimeLocal(values.to);
    const missing: FieldErrors = {};
    if (!start) missing.from = "Pick the start of the range";
    if (!end) missing.to = "Pick the end of the range";
    if (!start || !end) return setErrors(missing);
    const result = validate(usageFilterSchema, { range: "custom", from: start, to: end });
    if (!result.ok) return setErrors(result.errors);
    onApply({ from: start.toISOString(), to: end.toISOString() });
  }

  return (
    <Dialog
      open
      size="sm"
      onOpenChange={onClose}
      title="Custom range"
      description="Times are in your time zone; usage totals are kept per hour, so the range widens to whole hours."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId}>
            Apply range
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        <Field label="From" error={errors.from}>
          {(control) => <Input {...control} type="datetime-local" value={values.from} onChange={(e) => setValues({ ...values, from: e.target.value })} />}
        </Field>
        <Field label="To" error={errors.to}>
          {(control) => <Input {...control} type="datetime-local" value={values.to} onChange={(e) => setValues({ ...values, to: e.target.value })} />}
        </Field>
      </form>
    </Dialog>
  );
}
