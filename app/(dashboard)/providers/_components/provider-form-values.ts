import type { CreateProviderInput, Provider, ProviderKind, UpdateProviderInput } from "@/lib/providers/schemas";

export interface ProviderFormValues {
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  /** Empty on edit: keep the stored key. */
  apiKey: string;
  removeKey: boolean;
  enabled: boolean;
  allModels: boolean;
  modelsText: string;
  priority: string;
}

export const EMPTY_PROVIDER: ProviderFormValues = {
  name: "",
  kind: "openai",
  baseUrl: "",
  apiKey: "",
  removeKey: false,
  enabled: true,
  allModels: true,
  modelsText: "",
  priority: "100",
};

export function valuesFromProvider(provider: Provider): ProviderFormValues {
  return {
    name: provider.name,
    kind: provider.kind,
    baseUrl: provider.baseUrl,
    apiKey: "",
    removeKey: false,
    enabled: provider.enabled,
    allModels: provider.allModels,
    modelsText: provider.models.join("\n"),
    priority: String(provider.priority),
  };
}

function parseModels(text: string): string[] {
  return text.split(/[\n,]/).map((m) => m.trim()).filter(Boolean);
}

function parsePriority(text: string): number {
  return text.trim() === "" ? Number.NaN : Number(text);
}

export function toCreateInput(values: ProviderFormValues): CreateProviderInput {
  return {
    name: values.name,
    kind: values.kind,
    baseUrl: values.baseUrl,
    apiKey: values.apiKey || null,
    enabled: values.enabled,
    allModels: values.allModels,
    models: values.allModels ? [] : parseModels(values.modelsText),
    priority: parsePriority(values.priority),
  };
}

/** Only the key changes the admin asked for: a blank key field keeps the stored one. */
export function toUpdateInput(values: ProviderFormValues): UpdateProviderInput {
  const { apiKey, ...rest } = toCreateInput(values);
  if (values.removeKey) return { ...rest, apiKey: null };
  return apiKey ? { ...rest, apiKey } : rest;
}
