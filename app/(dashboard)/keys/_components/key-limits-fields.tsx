"use client";

import type { ReactNode } from "react";
import type { FieldErrors } from "@/components/forms/field-errors";
import { EXPIRY_PRESETS, isExpiryPreset, localDay } from "@/components/keys/expiry";
import type { LimitsFormValues } from "@/components/keys/form-values";
import { PERIOD_OPTIONS } from "@/components/keys/limits-format";
import { presetApplied, QUICK_PRESETS } from "@/components/keys/limits-summary";
import { cn } from "@/components/ui/cn";
import { Field, type FieldControlProps } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { ExpiryPreview } from "@/app/(dashboard)/keys/_components/expiry-preview";
import { BUDGET_PERIODS, type BudgetPeriod } from "@/lib/api-keys/schemas";

interface KeyLimitsFieldsProps {
  values: LimitsFormValues;
  errors: FieldErrors;
  onChange: (values: LimitsFormValues) => void;
  /** The key's expiry when the dialog opened (edit), shown while the expiry is left as it is. */
  currentExpiresAt?: Date | null;
  expiryUnchanged?: boolean;
}

function Group({ title, hint, children }: { title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="mb-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</legend>
      {children}
      {hint && <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
    </fieldset>
  );
}

const isPeriod = (value: string): value is BudgetPeriod => (BUDGET_PERIODS as readonly string[]).includes(value);

/** Expiry, rate limits, budget and allowlists: the Limits section of the create and edit dialogs. */
export function KeyLimitsFields({ values, errors, onChange, currentExpiresAt, expiryUnchanged }: KeyLimitsFieldsProps) {
  const set = (patch: Partial<LimitsFormValues>) => onChange({ ...values, ...patch });
  const number = (field: "rpmLimit" | "tpmLimit" | "maxConcurrent" | "tokenBudget", placeholder: string) => (control: FieldControlProps) => (
    <Input {...control} value={values[field]} onChange={(event) => set({ [field]: event.target.value })} inputMode="numeric" autoComplete="off" placeholder={placeholder} />
  );

  return (
    <div className="space-y-6">
      <div>
        <p className="mb-2 text-xs font-medium text-zinc-500 dark:text-zinc-400">Quick presets</p>
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Quick presets">
          {QUICK_PRESETS.map((preset) => {
            const applied = presetApplied(values, preset);
            return (
              <button
                key={preset.id}
                type="button"
                title={preset.title}
                aria-pressed={applied}
                onClick={() => set(preset.values)}
                className={cn(
                  "h-7 rounded-full px-2.5 text-xs font-medium whitespace-nowrap ring-1 transition-colors ring-inset",
                  applied
                    ? "bg-indigo-50 text-indigo-700 ring-indigo-600/30 dark:bg-indigo-500/15 dark:text-indigo-200 dark:ring-indigo-400/40"
                    : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-700",
                )}
              >
                {preset.label}
              </button>
            );
          })}
        </div>
      </div>

      <Group title="Expiry">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Expires" error={values.expiry === "date" ? undefined : errors.expiresAt}>
            {(control) => (
              <Select {...control} value={values.expiry} onChange={(event) => isExpiryPreset(event.target.value) && set({ expiry: event.target.value })}>
                {EXPIRY_PRESETS.map((preset) => (
                  <option key={preset.id} value={preset.id}>
                    {preset.id === "never" || preset.id === "date" ? preset.label : `In ${preset.label}`}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {values.expiry === "date" && (
            <Field label="Last valid day" error={errors.expiresAt}>
              {(control) => <Input {...control} type="date" value={values.expiryDate} min={localDay(new Date())} onChange={(event) => set({ expiryDate: event.target.value })} />}
            </Field>
          )}
        </div>
        <ExpiryPreview values={values} currentExpiresAt={expiryUnchanged ? currentExpiresAt : undefined} />
      </Group>

      <Group title="Rate limits" hint="Empty means no limit. Requests and tokens are counted over the last 60 seconds.">
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Requests per minute" error={errors.rpmLimit}>
            {number("rpmLimit", "No limit")}
          </Field>
          <Field label="Tokens per minute" error={errors.tpmLimit}>
            {number("tpmLimit", "No limit")}
          </Field>
          <Field label="Concurrent requests" error={errors.maxConcurrent}>
            {number("maxConcurrent", "No limit")}
          </Field>
        </div>
      </Group>

      <Group title="Budget" hint="Both budgets count over the same period; days, weeks (from Monday) and months (from the 1st) start at 00:00 UTC. Once one is used up, requests are refused until it resets.">
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Period" error={errors.budgetPeriod}>
            {(control) => (
              <Select {...control} value={values.budgetPeriod} onChange={(event) => isPeriod(event.target.value) && set({ budgetPeriod: event.target.value })}>
                {PERIOD_OPTIONS.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Token budget" error={errors.tokenBudget}>
            {number("tokenBudget", "No budget")}
          </Field>
          <Field label="Cost budget (USD)" error={errors.costBudgetUsd}>
            {(control) => (
              <div className="relative">
                <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-zinc-500 dark:text-zinc-400">
                  $
                </span>
                <Input {...control} value={values.costBudgetUsd} onChange={(event) => set({ costBudgetUsd: event.target.value })} inputMode="decimal" autoComplete="off" placeholder="No budget" className="pl-7" />
              </div>
            )}
          </Field>
        </div>
      </Group>

      <Group title="Access">
        <Field
          label="Allowed models"
          error={errors.allowedModels}
          hint={<>One per line. <code className="font-mono">*</code> matches anything: <code className="font-mono">gpt-4o*</code> covers gpt-4o and gpt-4o-mini, <code className="font-mono">anthropic/*</code> a whole provider. Empty allows every model.</>}
        >
          {(control) => (
            <Textarea {...control} value={values.allowedModels} onChange={(event) => set({ allowedModels: event.target.value })} rows={3} spellCheck={false} autoComplete="off" placeholder={"gpt-4o*\nanthropic/*"} className="font-mono text-[13px]" />
          )}
        </Field>
        <Field
          label="Allowed IPs"
          error={errors.allowedIps}
          hint={<>One address or CIDR range per line, IPv4 or IPv6, e.g. <code className="font-mono">203.0.113.7</code>, <code className="font-mono">10.0.0.0/8</code>, <code className="font-mono">2001:db8::/32</code>. Empty allows any address.</>}
        >
          {(control) => (
            <Textarea {...control} value={values.allowedIps} onChange={(event) => set({ allowedIps: event.target.value })} rows={3} spellCheck={false} autoComplete="off" placeholder={"203.0.113.7\n10.0.0.0/8"} className="font-mono text-[13px]" />
          )}
        </Field>
      </Group>
    </div>
  );
}
