import "server-only";
import { getEnv } from "@/lib/env";
import { costNanoUsd, getPriceBook, NANO_PER_USD, type PriceBook } from "@/lib/prices";
import { ApiError, errorResponse, toErrorResponse } from "@/lib/http/errors";
import { listModels, resolveUpstream } from "@/lib/providers";
import { authenticate, requireApiKey } from "@/lib/proxy/auth";
import { parseJsonBody, readBody } from "@/lib/proxy/body";
import { forward } from "@/lib/proxy/forward";
import { NO_USAGE } from "@/lib/proxy/usage-extract";
import { getKeyUsage, keyUsageResponse } from "@/lib/usage/key-usage";
import { recordUsage, type UsageEvent } from "@/lib/usage/recorder";
import { keyUsageQuerySchema } from "@/lib/usage/schemas";

/** The POST endpoints the proxy forwards, by their path under /v1. */
export type ProxyEndpoint = "chat/completions" | "completions" | "embeddings";

const STREAMABLE = new Set<ProxyEndpoint>(["chat/completions", "completions"]);

type Handler = (request: Request) => Promise<Response>;

function baseEvent(keyId: string | null, endpoint: string): UsageEvent {
  return {
    createdAt: new Date(),
    apiKeyId: keyId,
    endpoint,
    model: null,
    providerId: null,
    providerName: null,
    status: 200,
    errorCode: null,
    stream: false,
    latencyMs: 0,
    ttfbMs: null,
    costUsd: null,
    ...NO_USAGE,
  };
}

function finishEvent(event: UsageEvent, started: number, patch: Partial<UsageEvent>, prices?: PriceBook): void {
  const done = { ...event, ...patch, latencyMs: Math.round(performance.now() - started) };
  const price = prices && done.model && done.totalTokens !== null ? prices.lookup(done.model) : null;
  if (price) {
    done.costNanoUsd = costNanoUsd(price, done.promptTokens ?? 0, done.completionTokens ?? Math.max(0, (done.totalTokens ?? 0) - (done.promptTokens ?? 0)));
    done.costUsd = done.costNanoUsd / NANO_PER_USD;
  }
  recordUsage(done);
}

/** Authenticates, then runs `handle`; any error it throws is answered and counted against the key. */
function withApiKey(endpoint: string, handle: (request: Request, url: URL, event: UsageEvent, started: number) => Promise<Response>): Handler {
  return async (request) => {
    const started = performance.now();
    const url = new URL(request.url);
    try {
      const auth = await authenticate(request, url);
      if (!auth.ok) return auth.response;
      const event = baseEvent(auth.keyId, endpoint);
      try {
        return await handle(request, url, event, started);
      } catch (error) {
        const response = toErrorResponse(error);
        finishEvent(event, started, { status: response.status, errorCode: error instanceof ApiError ? error.code : "internal_error" });
        return response;
      }
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** POST /v1/{endpoint}: check the key, pick the provider by model, forward, stream back, count. */
export function proxyEndpoint(endpoint: ProxyEndpoint): Handler {
  return withApiKey(endpoint, async (request, url, event, started) => {
    const raw = await readBody(request, getEnv().MAX_BODY_BYTES);
    const body = parseJsonBody(raw);
    event.model = body.model.slice(0, 200);
    const stream = STREAMABLE.has(endpoint) && body.json.stream === true;
    event.stream = stream;
    const upstream = await resolveUpstream(body.model);
    if (!upstream) {
      throw new ApiError("model_not_found", `The model \`${event.model}\` does not exist or no enabled provider serves it`, "model");
    }
    event.providerId = upstream.id;
    event.providerName = upstream.name;

    const options = body.json.stream_options as { include_usage?: unknown } | undefined;
    const clientWantsUsage = options?.include_usage === true;
    let payload = body.raw;
    if (stream && !clientWantsUsage) {
      // Ask the upstream for the usage chunk so streamed requests are counted; it is removed again on the way back.
      const json = { ...body.json, stream_options: { ...(typeof options === "object" ? options : {}), include_usage: true } };
      payload = Buffer.from(JSON.stringify(json));
    }
    url.searchParams.delete("api_key");
    const prices = await getPriceBook();
    return forward({
      upstream,
      endpoint,
      search: url.search,
      headers: request.headers,
      body: payload,
      stream,
      clientWantsUsage,
      signal: request.signal,
      started,
      onDone: ({ usage, ...outcome }) => finishEvent(event, started, { ...outcome, ...usage }, prices),
    });
  });
}

/** GET /v1/models */
export const listModelsHandler: Handler = withApiKey("models", async (_request, _url, event, started) => {
  const data = await listModels();
  finishEvent(event, started, {});
  return Response.json({ object: "list", data });
});

/** GET /v1/models/{model} */
export function getModelHandler(model: string): Handler {
  return withApiKey("models", async (_request, _url, event, started) => {
    event.model = model.slice(0, 200);
    const entry = (await listModels()).find((m) => m.id === model);
    if (!entry) throw new ApiError("model_not_found", `The model \`${event.model}\` does not exist or no enabled provider serves it`, "model");
    finishEvent(event, started, {});
    return Response.json(entry);
  });
}

/**
 * GET /v1/usage: the calling key's own usage. Always needs a valid key, even with authentication
 * off: the key is what is being asked about.
 */
export const keyUsageHandler: Handler = async (request) => {
  const started = performance.now();
  const url = new URL(request.url);
  try {
    const result = await requireApiKey(request, url);
    if (!result.ok) return result.response;
    const { days } = keyUsageQuerySchema.parse({ days: url.searchParams.get("days") ?? undefined });
    const usage = await getKeyUsage(result.keyId, days);
    finishEvent(baseEvent(result.keyId, "usage"), started, {});
    return Response.json(keyUsageResponse(usage));
  } catch (error) {
    return toErrorResponse(error);
  }
};

export function notFoundHandler(request: Request): Response {
  const { pathname } = new URL(request.url);
  return errorResponse("not_found", `Unknown endpoint: ${request.method} ${pathname}`);
}

export function methodNotAllowed(allowed: string): Handler {
  return async (request) =>
    errorResponse("method_not_allowed", `Method ${request.method} is not allowed here; use ${allowed}`, null, { allow: allowed });
}
