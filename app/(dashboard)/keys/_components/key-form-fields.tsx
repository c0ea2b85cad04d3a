"use client";

import type { FieldErrors } from "@/components/forms/field-errors";
import type { KeyFormValues } from "@/components/keys/form-values";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

export type { KeyFormValues } from "@/components/keys/form-values";

interface KeyFormFieldsProps {
  values: KeyFormValues;
  errors: FieldErrors;
  onChange: (values: KeyFormValues) => void;
  autoFocus?: boolean;
}

/** Name, description, tags and owner, shared by the create and edit dialogs. */
export function KeyFormFields({ values, errors, onChange, autoFocus = true }: KeyFormFieldsProps) {
  return (
    <div className="space-y-4">
      <Field label="Name" error={errors.name} hint="Use one key per application, e.g. “Production” or “Development”.">
        {(control) => (
          <Input
            {...control}
            value={values.name}
            onChange={(event) => onChange({ ...values, name: event.target.value })}
            placeholder="e.g. Production"
            autoComplete="off"
            autoFocus={autoFocus}
            maxLength={120}
          />
        )}
      </Field>
      <Field label="Description" optional error={errors.description}>
        {(control) => (
          <Textarea
            {...control}
            value={values.description}
            onChange={(event) => onChange({ ...values, description: event.target.value })}
            placeholder="What uses this key? e.g. Backend API servers"
            rows={3}
            maxLength={520}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Tags" optional error={errors.tags} hint="Separate with commas, e.g. team:search, env:prod. The keys list filters by tag.">
          {(control) => (
            <Input
              {...control}
              value={values.tags}
              onChange={(event) => onChange({ ...values, tags: event.target.value })}
              placeholder="team:search, env:prod"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Owner" optional error={errors.owner} hint="Who to ask about this key: a name or an email.">
          {(control) => (
            <Input
              {...control}
              value={values.owner}
              onChange={(event) => onChange({ ...values, owner: event.target.value })}
              placeholder="e.g. ana@example.com"
              autoComplete="off"
              maxLength={220}
            />
          )}
        </Field>
      </div>
    </div>
  );
}
