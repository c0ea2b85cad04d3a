// npm run db:seed-usage -- --rows 1000000 [--keys 1000] [--days 30]
// Fills the configured database (DATABASE_URL, or the embedded one in DATA_DIR: stop the server
// first, PGlite allows one process) with realistic synthetic request logs and their rollups,
// written through the same batch writer the proxy uses.
import { parseArgs } from "node:util";
import { createApiKey, listApiKeys } from "@/lib/api-keys";
import { closeDb } from "@/lib/db";
import { refreshStatistics } from "@/lib/usage/maintenance";
import { writeUsageBatch, type UsageEvent } from "@/lib/usage/recorder";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    keys: { type: "string", default: "1000" },
    days: { type: "string", default: "30" },
    batch: { type: "string", default: "5000" },
  },
});
const ROWS = Number(values.rows);
const KEYS = Number(values.keys);
const DAYS = Number(values.days);
const BATCH = Number(values.batch);
if (![ROWS, KEYS, DAYS, BATCH].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("db:seed-usage: --rows, --keys, --days and --batch must be positive integers");
  process.exit(1);
}

const MODELS = [
  { model: "gpt-4o-mini", endpoint: "chat/completions", weight: 45, latency: 450 },
  { model: "gpt-4o", endpoint: "chat/completions", weight: 25, latency: 900 },
  { model: "text-embedding-3-small", endpoint: "embeddings", weight: 15, latency: 60 },
  { model: "gpt-4", endpoint: "chat/completions", weight: 10, latency: 1500 },
  { model: "gpt-3.5-turbo-instruct", endpoint: "completions", weight: 5, latency: 350 },
];

function pickWeighted<T extends { weight: number }>(items: T[]): T {
  const total = items.reduce((a, b) => a + b.weight, 0);
  let r = Math.random() * total;
  for (const item of items) if ((r -= item.weight) <= 0) return item;
  return items[items.length - 1] as T;
}

/** Log-normal around a median: most requests near it, a long slow tail. */
const logNormal = (median: number) => Math.max(1, Math.round(median * Math.exp(0.6 * gaussian())));
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

function outcome(): { status: number; errorCode: string | null } {
  const r = Math.random();
  if (r < 0.95) return { status: 200, errorCode: null };
  if (r < 0.97) return { status: 429, errorCode: "rate_limit_exceeded" };
  if (r < 0.98) return { status: 400, errorCode: "invalid_request_error" };
  if (r < 0.99) return { status: 500, errorCode: "upstream_500" };
  return { status: 200, errorCode: "client_closed" };
}

async function ensureKeys(): Promise<string[]> {
  const existing = await listApiKeys({ pageSize: 100, page: 1 });
  const ids: string[] = [];
  for (let page = 1; ids.length < Math.min(KEYS, existing.total); page++) {
    const { items } = await listApiKeys({ page, pageSize: 100 });
    if (items.length === 0) break;
    ids.push(...items.map((k) => k.id));
  }
  for (let i = ids.length; i < KEYS; i++) {
    const key = await createApiKey({ name: `Synthetic ${String(i + 1).padStart(4, "0")}`, description: "Created by db:seed-usage" });
    ids.push(key.id);
  }
  return ids.slice(0, KEYS);
}

async function main() {
  const started = Date.now();
  const keyIds = await ensureKeys();
  // Zipf-like: a few keys make most requests, as in real deployments.
  const keyWeights = keyIds.map((id, i) => ({ id, weight: 1 / (i + 1) ** 0.9 }));
  const end = Date.now();
  const span = DAYS * 86_400_000;
  let written = 0;
  while (written < ROWS) {
    const n = Math.min(BATCH, ROWS - written);
    const batch: UsageEvent[] = [];
    for (let i = 0; i < n; i++) {
      // Rows spread evenly over the period in time order, so ids follow time as in production.
      const at = end - span + ((written + i + Math.random()) / ROWS) * span;
      const m = pickWeighted(MODELS);
      const { status, errorCode } = outcome();
      const ok = status < 400 && errorCode === null;
      const stream = m.endpoint !== "embeddings" && Math.random() < 0.4;
      const prompt = m.endpoint === "embeddings" ? logNormal(200) : logNormal(600);
      const completion = ok && m.endpoint !== "embeddings" ? logNormal(180) : 0;
      const latencyMs = logNormal(ok ? m.latency : 80);
      batch.push({
        createdAt: new Date(at),
        apiKeyId: pickWeighted(keyWeights).id,
        endpoint: m.endpoint,
        model: m.model,
        providerId: null,
        providerName: "Synthetic",
        attempts: 1,
        status,
        errorCode,
        stream,
        latencyMs,
        ttfbMs: stream ? Math.round(latencyMs * 0.2) : null,
        promptTokens: ok ? prompt : null,
        completionTokens: ok ? completion : null,
        totalTokens: ok ? prompt + completion : null,
        // Synthetic prices: $2.50 in, $10 out per 1M tokens.
        costUsd: ok ? (prompt * 2.5 + completion * 10) / 1e6 : null,
        costNanoUsd: ok ? prompt * 2500 + completion * 10_000 : 0,
      });
    }
    await writeUsageBatch(batch);
    written += n;
    if (written % (BATCH * 20) === 0 || written === ROWS) {
      console.log(`${written.toLocaleString("en")} / ${ROWS.toLocaleString("en")} rows (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }
  // Fresh planner statistics, as autovacuum (PostgreSQL) or the maintenance job (PGlite) would keep them.
  await refreshStatistics({ evenOnPostgres: true });
  await closeDb();
  console.log(`Seeded ${ROWS.toLocaleString("en")} requests over ${DAYS} days across ${keyIds.length} keys in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch(async (error) => {
  console.error(`db:seed-usage: ${(error as Error).message}`);
  await closeDb().catch(() => undefined);
  process.exit(1);
});
