"use client";

import type { FieldErrors } from "@/components/forms/field-errors";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { PriceFormValues } from "@/app/(dashboard)/models/_components/price-form-values";

interface PriceFormFieldsProps {
  values: PriceFormValues;
  errors: FieldErrors;
  onChange: (values: PriceFormValues) => void;
}

function UsdInput({ value, onChange, ...control }: { id: string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined; value: string; onChange: (value: string) => void }) {
  return (
    <div className="relative">
      <span aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-sm text-zinc-500 dark:text-zinc-400">
        $
      </span>
      <Input {...control} inputMode="decimal" autoComplete="off" value={value} onChange={(event) => onChange(event.target.value)} placeholder="0.00" className="pl-7 tabular-nums" />
    </div>
  );
}

export function PriceFormFields({ values, errors, onChange }: PriceFormFieldsProps) {
  return (
    <div className="space-y-4">
      <Field
        label="Model or pattern"
        error={errors.pattern}
        hint={<>A model id as clients send it, or a pattern with <code className="font-mono">*</code>, e.g. <code className="font-mono">gpt-4o*</code> or <code className="font-mono">acme/*</code>.</>}
      >
        {(control) => (
          <Input
            {...control}
            value={values.pattern}
            onChange={(event) => onChange({ ...values, pattern: event.target.value })}
            placeholder="e.g. gpt-4o-mini"
            autoComplete="off"
            autoFocus
            spellCheck={false}
            maxLength={220}
            className="font-mono"
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Input price" error={errors.inputUsdPerMTok} hint="US dollars per 1M prompt tokens.">
          {(control) => <UsdInput {...control} value={values.input} onChange={(input) => onChange({ ...values, input })} />}
        </Field>
        <Field label="Output price" error={errors.outputUsdPerMTok} hint="US dollars per 1M completion tokens.">
          {(control) => <UsdInput {...control} value={values.output} onChange={(output) => onChange({ ...values, output })} />}
        </Field>
      </div>
    </div>
  );
}
