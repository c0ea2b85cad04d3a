import { expect, type Page } from "@playwright/test";
import { adminRequest, createKey, ensureMockProvider, listKeys, setAuthEnabled } from "./admin-api";
import { costOf, expectedOf, makeCalls, usageCost, usageTotals, waitForUsage, type Call, type Expected } from "./usage-traffic";

// The usage specs' known mix of requests: two keys, two models, streamed and not, upstream failures.
export const SUPPORT = "Support assistant";
export const NIGHTLY = "Nightly summaries";
export const SUPPORT_CALLS: Call[] = [
  { model: "gpt-4", words: 3 },
  { model: "gpt-4", words: 3 },
  { model: "gpt-4", words: 3 },
  { model: "gpt-4o-mini", words: 4, stream: true },
  { model: "gpt-4o-mini", words: 4, stream: true },
  { model: "mock-error", words: 2 },
];
export const NIGHTLY_CALLS: Call[] = [
  { model: "gpt-4o-mini", words: 5 },
  { model: "gpt-4o-mini", words: 5 },
  { model: "gpt-4", words: 2, stream: true },
  { model: "mock-error", words: 1 },
  { model: "mock-error", words: 1 },
];
export const support = expectedOf(SUPPORT_CALLS); // 6 requests, 1 failed, 47 tokens (17 prompt, 30 completion)
export const nightly = expectedOf(NIGHTLY_CALLS); // 5 requests, 2 failed, 30 tokens
export const supportGpt4 = expectedOf(SUPPORT_CALLS.filter((c) => c.model === "gpt-4"));
export const miniCalls = expectedOf([...SUPPORT_CALLS, ...NIGHTLY_CALLS].filter((c) => c.model === "gpt-4o-mini"));

export interface SeededUsage {
  ids: { support: string; nightly: string };
  secrets: { support: string; nightly: string };
  /** Traffic from earlier specs shares the server: unfiltered views are checked as "before + ours". */
  before: { all: Expected; mini: Expected; allCost: number; miniCost: number };
  /** US dollars at the catalog's prices. */
  costs: { support: number; nightly: number; supportGpt4: number; mini: number };
}

/** Fresh keys (any left from an earlier attempt are deleted), the calls, and the wait until usage is written. */
export async function seedUsage(): Promise<SeededUsage> {
  const api = await adminRequest();
  await ensureMockProvider(api);
  await setAuthEnabled(api, true);
  for (const key of await listKeys(api)) if (key.name === SUPPORT || key.name === NIGHTLY) await api.delete(`/api/keys/${key.id}`);
  const before = {
    all: await usageTotals(api, "range=24h"),
    mini: await usageTotals(api, "range=24h&model=gpt-4o-mini"),
    allCost: await usageCost(api, "range=24h"),
    miniCost: await usageCost(api, "range=24h&model=gpt-4o-mini"),
  };
  const a = await createKey(api, SUPPORT, "Customer-support chat widget on the help center");
  const b = await createKey(api, NIGHTLY, "Cron job that summarizes the day's tickets");
  await makeCalls(a.key, SUPPORT_CALLS);
  await makeCalls(b.key, NIGHTLY_CALLS);
  await waitForUsage(api, `range=24h&keyId=${a.id}`, support);
  await waitForUsage(api, `range=24h&keyId=${b.id}`, nightly);
  await api.dispose();
  const costs = {
    support: await costOf(SUPPORT_CALLS),
    nightly: await costOf(NIGHTLY_CALLS),
    supportGpt4: await costOf(SUPPORT_CALLS.filter((c) => c.model === "gpt-4")),
    mini: await costOf([...SUPPORT_CALLS, ...NIGHTLY_CALLS].filter((c) => c.model === "gpt-4o-mini")),
  };
  return { ids: { support: a.id, nightly: b.id }, secrets: { support: a.key, nightly: b.key }, before, costs };
}

export const fmt = (n: number) => new Intl.NumberFormat("en-US").format(n);

export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
}
