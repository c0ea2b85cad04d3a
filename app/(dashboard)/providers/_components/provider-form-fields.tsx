"use client";

import { useId } from "react";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { ProviderFormValues } from "@/app/(dashboard)/providers/_components/provider-form-values";

interface ProviderFormFieldsProps {
  values: ProviderFormValues;
  errors: FieldErrors;
  onChange: (values: ProviderFormValues) => void;
  /** The masked stored key when editing a provider that has one. */
  storedKey: string | null;
}

function SwitchRow({ label, description, checked, onChange }: { label: string; description: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <p id={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{label}</p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
      </div>
      <Switch checked={checked} onCheckedChange={onChange} aria-labelledby={id} />
    </div>
  );
}

export function ProviderFormFields({ values, errors, onChange, storedKey }: ProviderFormFieldsProps) {
  const set = <K extends keyof ProviderFormValues>(field: K, value: ProviderFormValues[K]) => onChange({ ...values, [field]: value });
  return (
    <div className="space-y-4">
      <Field label="Name" error={errors.name}>
        {(c) => <Input {...c} value={values.name} onChange={(e) => set("name", e.target.value)} placeholder="e.g. OpenAI" autoComplete="off" autoFocus />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Priority" error={errors.priority} hint="Lower numbers are tried first; the next one takes over when it fails.">
          {(c) => <Input {...c} type="number" inputMode="numeric" min={0} max={10000} value={values.priority} onChange={(e) => set("priority", e.target.value)} />}
        </Field>
        <Field label="Weight" error={errors.weight} hint="Share of the requests among providers of equal priority.">
          {(c) => <Input {...c} type="number" inputMode="numeric" min={1} max={1000} value={values.weight} onChange={(e) => set("weight", e.target.value)} />}
        </Field>
      </div>
      <Field
        label="API"
        error={errors.kind}
        hint={values.kind === "anthropic" ? "Anthropic's Messages API: the key goes in x-api-key, with anthropic-version." : "Any OpenAI-compatible API (OpenAI, Azure, vLLM, Ollama, OpenRouter…)."}
      >
        {(c) => (
          <Select {...c} value={values.kind} onChange={(e) => set("kind", e.target.value === "anthropic" ? "anthropic" : "openai")}>
            <option value="openai">OpenAI-compatible</option>
            <option value="anthropic">Anthropic</option>
          </Select>
        )}
      </Field>
      <Field
        label="Base URL"
        error={errors.baseUrl}
        hint={values.kind === "anthropic" ? "The API root without /v1, e.g. https://api.anthropic.com." : "The API root, ending in /v1 for OpenAI-compatible services."}
      >
        {(c) => (
          <Input
            {...c}
            type="url"
            value={values.baseUrl}
            onChange={(e) => set("baseUrl", e.target.value)}
            placeholder={values.kind === "anthropic" ? "https://api.anthropic.com" : "https://api.openai.com/v1"}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label="API key"
        optional
        error={errors.apiKey}
        hint={storedKey ? `Stored key: ${storedKey}. Leave blank to keep it.` : `Sent to the upstream ${values.kind === "anthropic" ? "as x-api-key" : "as a Bearer token"}. Stored encrypted; never shown again in full.`}
      >
        {(c) => (
          <Input
            {...c}
            type="password"
            value={values.apiKey}
            onChange={(e) => set("apiKey", e.target.value)}
            placeholder={storedKey ? "Leave blank to keep the stored key" : "sk-…"}
            autoComplete="new-password"
            disabled={values.removeKey}
            spellCheck={false}
          />
        )}
      </Field>
      {storedKey && (
        <label className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <input type="checkbox" checked={values.removeKey} onChange={(e) => onChange({ ...values, removeKey: e.target.checked, apiKey: "" })} className="size-4 rounded border-zinc-300 accent-indigo-600" />
          Remove the stored key (the upstream needs none)
        </label>
      )}
      <div className="space-y-4 rounded-lg bg-zinc-50 p-4 ring-1 ring-zinc-950/5 ring-inset dark:bg-white/[0.03] dark:ring-white/10">
        <SwitchRow label="Enabled" description="Disabled providers receive no requests." checked={values.enabled} onChange={(v) => set("enabled", v)} />
        <SwitchRow label="Serve all models" description="Forward any model, or only the ones listed." checked={values.allModels} onChange={(v) => set("allModels", v)} />
        {!values.allModels && (
          <Field label="Models" error={errors.models} hint="One model id per line (or comma-separated).">
            {(c) => <Textarea {...c} value={values.modelsText} onChange={(e) => set("modelsText", e.target.value)} placeholder={"gpt-4o\ngpt-4o-mini"} rows={4} className="font-mono" spellCheck={false} />}
          </Field>
        )}
        <Field
          label="Model aliases"
          optional
          error={errors.modelAliases}
          hint="One per line: the name clients use = this provider's model id (e.g. gpt-4o = my-azure-deployment). /v1/models lists the names clients use."
        >
          {(c) => <Textarea {...c} value={values.aliasesText} onChange={(e) => set("aliasesText", e.target.value)} placeholder="claude-sonnet = claude-sonnet-4-5-20250929" rows={3} className="font-mono" spellCheck={false} />}
        </Field>
      </div>
    </div>
  );
}
