import { expect, type APIRequestContext } from "@playwright/test";
import OpenAI, { APIError } from "openai";
import { loadCatalog } from "../../lib/prices/catalog";
import { roundUsd } from "../../lib/usage/usd";
import { BASE_URL } from "./config";

/** What a batch of calls should add to the usage views. */
export interface Expected {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export const ZERO: Expected = { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };
// The mock upstream counts one prompt token per word and always answers in six.
const COMPLETION = 6;

export interface Call {
  model: string;
  words: number;
  stream?: boolean;
}

export function expectedOf(calls: Call[]): Expected {
  const out = { ...ZERO };
  for (const call of calls) {
    out.requests++;
    if (call.model === "mock-error") {
      out.errors++;
      continue;
    }
    out.promptTokens += call.words;
    out.completionTokens += COMPLETION;
    out.totalTokens += call.words + COMPLETION;
  }
  return out;
}

export function add(a: Expected, b: Expected): Expected {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/**
 * What the calls cost at the shipped catalog's prices (what the proxy charges without overrides):
 * prompt × input / 1M + completion × output / 1M per call; nothing for failures or unpriced models.
 */
export async function costOf(calls: Call[]): Promise<number> {
  const catalog = await loadCatalog();
  let total = 0;
  for (const call of calls) {
    const price = catalog.get(call.model);
    if (call.model === "mock-error" || !price) continue;
    total += (call.words * price.inputUsdPerMTok) / 1e6 + (COMPLETION * price.outputUsdPerMTok) / 1e6;
  }
  return roundUsd(total);
}

/** Calls the proxy as an application would, with the official SDK (no retries: each call is one request). */
export async function makeCalls(key: string, calls: Call[]): Promise<void> {
  const client = new OpenAI({ apiKey: key, baseURL: `${BASE_URL}/v1`, maxRetries: 0 });
  for (const call of calls) {
    const messages = [{ role: "user" as const, content: Array.from({ length: call.words }, (_, i) => `word${i}`).join(" ") }];
    if (call.model === "mock-error") {
      const failure = await client.chat.completions.create({ model: call.model, messages }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(APIError);
      expect((failure as APIError).status).toBe(500);
    } else if (call.stream) {
      let text = "";
      for await (const chunk of await client.chat.completions.create({ model: call.model, messages, stream: true })) text += chunk.choices[0]?.delta.content ?? "";
      expect(text).toBe("Hello from the mock upstream.");
    } else {
      const answer = await client.chat.completions.create({ model: call.model, messages });
      expect(answer.usage?.total_tokens).toBe(call.words + COMPLETION);
    }
  }
}

/** Totals the usage API reports for a query string (the dashboard's own source). */
export async function usageTotals(api: APIRequestContext, query: string): Promise<Expected> {
  const response = await api.get(`/api/usage?${query}`);
  expect(response.status()).toBe(200);
  const { totals } = (await response.json()) as { totals: Expected };
  return { requests: totals.requests, errors: totals.errors, promptTokens: totals.promptTokens, completionTokens: totals.completionTokens, totalTokens: totals.totalTokens };
}

/** The cost the usage API reports for a query string. */
export async function usageCost(api: APIRequestContext, query: string): Promise<number> {
  const response = await api.get(`/api/usage?${query}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { totals: { costUsd: number } }).totals.costUsd;
}

/** Usage is written in batches after each response: poll until the key's totals arrive. */
export async function waitForUsage(api: APIRequestContext, query: string, expected: Expected): Promise<void> {
  await expect.poll(() => usageTotals(api, query), { timeout: 15_000, intervals: [100, 250, 500] }).toEqual(expected);
}
