"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { FieldErrors } from "@/components/forms/field-errors";
import type { KeyFormValues } from "@/components/keys/form-values";
import { summarizeLimits } from "@/components/keys/limits-summary";
import { ChevronRightIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import { KeyFormFields } from "@/app/(dashboard)/keys/_components/key-form-fields";
import { KeyLimitsFields } from "@/app/(dashboard)/keys/_components/key-limits-fields";
import { POLICY_FIELDS } from "@/lib/api-keys/schemas";

interface KeyFormProps {
  id: string;
  values: KeyFormValues;
  errors: FieldErrors;
  onChange: (values: KeyFormValues) => void;
  onSubmit: () => void;
  /** Open the Limits section at once and put the focus on it (the key page's "Edit limits"). */
  focusLimits?: boolean;
  /** Edit: the key's expiry when the dialog opened, and whether the form still holds it. */
  currentExpiresAt?: Date | null;
  expiryUnchanged?: boolean;
}

/**
 * Name and description, then the key's limits in a section that opens on demand: most keys need
 * none, and a long form on a phone hides the Create button. A field error inside opens it.
 */
export function KeyForm({ id, values, errors, onChange, onSubmit, focusLimits = false, currentExpiresAt, expiryUnchanged }: KeyFormProps) {
  const ref = useRef<HTMLFormElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const titleId = useId();
  const summaryId = useId();
  const [open, setOpen] = useState(focusLimits);
  const invalid = POLICY_FIELDS.filter((field) => errors[field]).length;
  const expanded = open || invalid > 0;
  const summary = summarizeLimits(values.limits, { currentExpiresAt: expiryUnchanged ? currentExpiresAt : undefined });

  // "Edit limits": focus the section once the dialog is shown (the dialog opens in its own effect, after this one).
  useEffect(() => {
    if (!focusLimits) return;
    const frame = requestAnimationFrame(() => toggleRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focusLimits]);

  // After a failed submit, the first field with an error gets the focus (and scrolls into view).
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form id={id} ref={ref} onSubmit={submit} noValidate className="space-y-5">
      {errors._ && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errors._}
        </p>
      )}
      <KeyFormFields values={values} errors={errors} onChange={onChange} autoFocus={!focusLimits} />
      <section aria-label="Limits" className="rounded-lg ring-1 ring-zinc-950/10 dark:ring-white/10">
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={panelId}
          aria-labelledby={titleId}
          aria-describedby={summaryId}
          onClick={() => setOpen(!expanded)}
          ref={toggleRef}
          className="flex w-full items-center gap-3 rounded-lg px-4 py-3 text-left hover:bg-zinc-50 dark:hover:bg-white/[0.03]"
        >
          <ChevronRightIcon className={cn("size-4 shrink-0 text-zinc-500 transition-transform", expanded && "rotate-90")} />
          <span className="min-w-0 flex-1">
            <span id={titleId} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">Limits</span>
            <span id={summaryId} data-testid="limits-summary" className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
              {summary.length ? summary.join(" · ") : "No limits: never expires, no rate limit or budget, any model and address"}
            </span>
          </span>
          {invalid > 0 && <span className="shrink-0 text-xs font-medium text-red-600 dark:text-red-400">{invalid === 1 ? "1 error" : `${invalid} errors`}</span>}
        </button>
        {expanded && (
          <div id={panelId} className="border-t border-zinc-950/10 px-4 py-4 dark:border-white/10">
            <KeyLimitsFields
              values={values.limits}
              errors={errors}
              onChange={(limits) => onChange({ ...values, limits })}
              currentExpiresAt={currentExpiresAt}
              expiryUnchanged={expiryUnchanged}
            />
          </div>
        )}
      </section>
    </form>
  );
}
