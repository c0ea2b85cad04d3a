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
  weight: string;
  /** One `public-name = provider-model-id` per line. */
  aliasesText: string;
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
  weight: "1",
  aliasesText: "",
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
    weight: String(provider.weight),
    aliasesText: Object.entries(provider.modelAliases).map(([alias, target]) => `${alias} = ${target}`).join("\n"),
  };
}

export function parseModels(text: string): string[] {
  return text.split(/[\n,]/).map((m) => m.trim()).filter(Boolean);
}

function parseNumber(text: string): number {
  return text.trim() === "" ? Number.NaN : Number(text);
}

/** `alias = target` lines; a line without "=" keeps an empty target, which the schema refuses by name. */
export function parseAliases(text: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const at = line.indexOf("=");
    const alias = (at < 0 ? line : line.slice(0, at)).trim();
    aliases[alias] = at < 0 ? "" : line.slice(at + 1).replace(/^>/, "").trim();
  }
  return aliases;
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
    priority: parseNumber(values.priority),
    weight: parseNumber(values.weight),
    modelAliases: parseAliases(values.aliasesText),
  };
}

/** Only the key changes the admin asked for: a blank key field keeps the stored one. */
export function toUpdateInput(values: ProviderFormValues): UpdateProviderInput {
  const { apiKey, ...rest } = toCreateInput(values);
  if (values.removeKey) return { ...rest, apiKey: null };
  return apiKey ? { ...rest, apiKey } : rest;
}
