import "server-only";
import { getEnv } from "@/lib/env";
import { cachedPriceBook, costNanoUsd, getPriceBook, NANO_PER_USD, type PriceBook } from "@/lib/prices";
import { clientIp } from "@/lib/http/client-ip";
import { ApiError, errorCodeOf, errorResponse, toErrorResponse } from "@/lib/http/errors";
import { isLeanRequest } from "@/lib/http/response";
import { admit, checkAccess, rateLimitHeaders, usesStore, type Admission, type KeyPolicy, type Lease, type Refusal } from "@/lib/policies";
import { cachedCounterStore, getCounterStore } from "@/lib/policies/runtime";
import { getKeyLimits, keyLimitsResponse } from "@/lib/policies/status";
import { listModels } from "@/lib/providers";
import { routesFor, type Route } from "@/lib/providers/routing";
import { authenticate, requireApiKey } from "@/lib/proxy/auth";
import type { SecretUsed } from "@/lib/api-keys/rotation";
import { noRouteError } from "@/lib/proxy/no-route";
import { parseJsonBody, readBody } from "@/lib/proxy/body";
import { asAnthropic } from "@/lib/proxy/anthropic";
import { forward, type ForwardInput, type ForwardOutcome, type PreparedRequest } from "@/lib/proxy/forward";
import { responsesRouting } from "@/lib/proxy/response-routes";
import { bridgeFor, translateRequest } from "@/lib/proxy/translate";
import { estimateRequest } from "@/lib/policies/estimate";
import { NO_USAGE } from "@/lib/proxy/usage-extract";
import { getKeyUsage, keyUsageResponse } from "@/lib/usage/key-usage";
import { flushAfterResponse } from "@/lib/usage/after-response";
import { cleanErrorMessage } from "@/lib/usage/error-message";
import { recordUsage, type UsageEvent } from "@/lib/usage/recorder";
import { keyUsageQuerySchema } from "@/lib/usage/schemas";

/** The POST endpoints the proxy forwards, by their path under /v1. */
export type ProxyEndpoint =
  | "chat/completions"
  | "completions"
  | "embeddings"
  | "moderations"
  | "images/generations"
  | "rerank"
  | "messages"
  | "messages/count_tokens"
  | "audio/speech"
  | "responses";

/** Anthropic's Messages API is served by Anthropic providers, in its own wire format. */
const ANTHROPIC_ENDPOINTS = new Set<ProxyEndpoint>(["messages", "messages/count_tokens"]);

/** Endpoints whose API lets `model` out: routed (and checked against allowlists) as this model. */
const DEFAULT_MODEL: Partial<Record<ProxyEndpoint, string>> = {
  moderations: "omni-moderation-latest",
  "images/generations": "dall-e-2",
};

const STREAMABLE = new Set<ProxyEndpoint>(["chat/completions", "completions", "messages", "responses"]);

/** Streams whose usage comes only when asked for (stream_options.include_usage); Keygate always asks. */
const ASKS_FOR_USAGE = new Set<ProxyEndpoint>(["chat/completions", "completions"]);

/** Speech asked for as SSE (gpt-4o-mini-tts): passed on event by event, its usage read from speech.audio.done. */
const sseSpeech = (endpoint: ProxyEndpoint, json: Record<string, unknown>) => endpoint === "audio/speech" && json.stream_format === "sse";

/** Endpoints a provider of the other protocol can serve, translated both ways. */
const TRANSLATABLE = new Set<ProxyEndpoint>(["chat/completions", "messages", "messages/count_tokens"]);

/** Where a translated request goes on the other protocol's provider. */
const TRANSLATED_PATH: Partial<Record<ProxyEndpoint, string>> = { "chat/completions": "messages", messages: "chat/completions" };

export type Handler = (request: Request) => Promise<Response>;

function baseEvent(keyId: string | null, endpoint: string, secret: SecretUsed | null | undefined): UsageEvent {
  return {
    createdAt: new Date(),
    apiKeyId: keyId,
    secret: keyId ? (secret ?? null) : null,
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
    attempts: 1,
    ...NO_USAGE,
  };
}

export function finishEvent(event: UsageEvent, started: number, patch: Partial<UsageEvent>, prices?: PriceBook, lease?: Lease): void {
  // Completed in place: recordUsage queues a copy of its own.
  const done = Object.assign(event, patch);
  done.latencyMs = Math.round(performance.now() - started);
  const price = prices && done.model && done.totalTokens !== null ? prices.lookup(done.model) : null;
  if (price) {
    done.costNanoUsd = costNanoUsd(price, done.promptTokens ?? 0, done.completionTokens ?? Math.max(0, (done.totalTokens ?? 0) - (done.promptTokens ?? 0)));
    done.costUsd = done.costNanoUsd / NANO_PER_USD;
  }
  // The lease settles in the same tick as the event is queued: its reservation becomes the event's spend.
  if (lease) done.leaseId = lease.finish({ totalTokens: done.totalTokens, costNanoUsd: done.costNanoUsd ?? 0 });
  recordUsage(done);
  const watcher = watchers.get(event);
  watchers.delete(event);
  watcher?.(lease?.finished());
}

/** Serverless: a request's event → what lets its after() write (the event is queued, the lease settled). */
const watchers = new WeakMap<UsageEvent, (settled: Promise<void> | undefined) => void>();

interface AfterResponse {
  track(event: UsageEvent): void;
  done(): void;
}

/** Outside serverless mode there is no after() work: nothing per request on the hot path. */
const NO_AFTER_RESPONSE: AfterResponse = { track: () => undefined, done: () => undefined };

/**
 * Registers the request's after() work (serverless mode only) and returns `track`: the event passed
 * to it is the one the after() waits for (a stream's finishes when it ends or is aborted); `done`
 * lets it go without one (nothing to count).
 */
function afterResponse(request: Request): AfterResponse {
  const release = flushAfterResponse(request);
  if (!release) return NO_AFTER_RESPONSE;
  return { track: (event) => void watchers.set(event, release), done: () => release() };
}

export interface Call {
  request: Request;
  url: URL;
  event: UsageEvent;
  started: number;
  /** The key's policy; null with authentication off. */
  policy: KeyPolicy | null;
}

function refusalResponse(refusal: Refusal): Response {
  return errorResponse(refusal.code, refusal.message, refusal.param, refusal.headers, refusal.type);
}

/** Answers a policy refusal and counts it in the request log; it never reaches the upstream. */
export async function refused(call: Call, refusal: Refusal): Promise<Response> {
  const response = refusalResponse(refusal);
  finishEvent(call.event, call.started, { status: response.status, errorCode: refusal.code, errorMessage: cleanErrorMessage(refusal.message) });
  // Refused before the counters were asked (IP, model): the rate-limit headers still say where the key stands.
  return "x-ratelimit-limit-requests" in refusal.headers || "x-ratelimit-limit-tokens" in refusal.headers
    ? response
    : addHeaders(response, await currentRateHeaders(call.policy).catch(() => ({})));
}

export function addHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const clientIpOf = (call: Call) => (call.policy?.ipAllowed ? clientIp(call.request.headers, getEnv().TRUSTED_PROXIES) : null);

/** Authenticates, then runs `handle`; any error it throws is answered and counted against the key. */
export function withApiKey(endpoint: string, handle: (call: Call) => Promise<Response>): Handler {
  return async (request) => {
    const started = performance.now();
    const url = new URL(request.url);
    const pending = afterResponse(request);
    try {
      const authenticating = authenticate(request, url);
      const auth = authenticating instanceof Promise ? await authenticating : authenticating;
      if (!auth.ok) {
        // An expired key is known: its refusals show on its page.
        if (auth.keyId) finishEvent(baseEvent(auth.keyId, endpoint, auth.secret), started, { status: auth.response.status, errorCode: auth.code });
        pending.done();
        return auth.response;
      }
      const event = baseEvent(auth.keyId, endpoint, auth.secret);
      pending.track(event);
      try {
        return await handle({ request, url, event, started, policy: auth.policy });
      } catch (error) {
        const response = toErrorResponse(error);
        finishEvent(event, started, { status: response.status, errorCode: errorCodeOf(error), errorMessage: error instanceof ApiError ? cleanErrorMessage(error.message) : null });
        return addHeaders(response, await currentRateHeaders(auth.policy).catch(() => ({})));
      }
    } catch (error) {
      pending.done();
      return toErrorResponse(error);
    }
  };
}

/** POST /v1/{endpoint}: check the key and its limits, pick the provider by model, forward, stream back, count. */
export function proxyEndpoint(endpoint: ProxyEndpoint): Handler {
  const protocol = ANTHROPIC_ENDPOINTS.has(endpoint) ? "anthropic" : "openai";
  const handler = withApiKey(endpoint, async (call) => {
    const { request, event, started, policy } = call;
    const raw = await readBody(request, getEnv().MAX_BODY_BYTES);
    const body = parseJsonBody(raw, DEFAULT_MODEL[endpoint]);
    event.model = body.model.slice(0, 200);
    const stream = (STREAMABLE.has(endpoint) && body.json.stream === true) || sseSpeech(endpoint, body.json);
    event.stream = stream;
    const ip = clientIpOf(call);
    const denied = policy?.enforced ? checkAccess(policy, body.model, ip) : null;
    if (denied) return refused(call, denied);
    // Responses API: a follow-up (previous_response_id) goes to the provider that made the response.
    const responses = endpoint === "responses" ? await responsesRouting(event.apiKeyId, body.json, body.model) : null;
    // Cached lookups answer without a promise: every await here costs (Next's async contexts hook each one).
    const routing = responses?.pinned ?? routesFor({ model: body.model, protocol, translatable: TRANSLATABLE.has(endpoint) });
    const routes = routing instanceof Promise ? await routing : routing;
    const first = routes[0];
    if (!first) throw await noRouteError(event.model);
    event.providerId = first.upstream.id;
    event.providerName = first.upstream.name;

    const options = body.json.stream_options as { include_usage?: unknown } | undefined;
    const clientWantsUsage = options?.include_usage === true;
    // Each provider gets the request in its own protocol, under its own name for the model.
    const prepared = new Map<Route, PreparedRequest>();
    const prepare = (route: Route): PreparedRequest => {
      let request = prepared.get(route);
      if (request) return request;
      const bridge = route.translated ? bridgeFor(protocol, route.upstream.kind) : null;
      const path = bridge ? TRANSLATED_PATH[endpoint] : endpoint;
      if (bridge && path) {
        request = { path, body: Buffer.from(JSON.stringify(translateRequest(bridge, body.json, route.model, stream))), bridge };
      } else {
        let json = body.json;
        if (route.model !== body.model) json = { ...json, model: route.model };
        if (stream && !clientWantsUsage && ASKS_FOR_USAGE.has(endpoint)) {
          // Ask the upstream for the usage chunk so streamed requests are counted; it is removed again on the way back.
          json = { ...json, stream_options: { ...(typeof options === "object" ? options : {}), include_usage: true } };
        }
        request = { path: endpoint, body: json === body.json ? body.raw : Buffer.from(JSON.stringify(json)), bridge: null };
      }
      prepared.set(route, request);
      return request;
    };
    // A request the first provider's protocol cannot take is refused before it counts against any limit.
    const local = endpoint === "messages/count_tokens" && first.translated;
    if (!local) prepare(first);
    const prices = cachedPriceBook() ?? (await getPriceBook());

    let lease: Lease | undefined;
    if (policy && usesStore(policy)) {
      const admitting = admitOrFailClosed({
        policy,
        store: cachedCounterStore() ?? (await getCounterStore()),
        endpoint,
        model: body.model,
        clientIp: ip,
        body: body.json,
        prices,
      });
      const admission = admitting instanceof Promise ? await admitting : admitting;
      if (!admission.ok) return refused(call, admission);
      lease = admission.lease;
    }

    if (local) {
      // No OpenAI-compatible API counts Anthropic tokens: answered here, with the tokenizer the limits use.
      const { promptTokens } = estimateRequest("messages", body.json, null);
      finishEvent(event, started, { providerId: null, providerName: null }, prices, lease);
      await lease?.finished();
      return addHeaders(Response.json({ input_tokens: promptTokens }), lease?.headers ?? {});
    }

    return forwardWithLease(call, lease, prices, {
      routes,
      prepare,
      clientProtocol: protocol,
      requestedModel: body.model,
      stream,
      clientWantsUsage,
      ...responses?.forward,
      // A whole Responses answer's id is stored before the client can ask about it.
      settled: responses?.settled,
    });
  });
  return protocol === "anthropic" ? asAnthropic(handler) : handler;
}

type CallForward = Omit<ForwardInput, "search" | "headers" | "signal" | "lean" | "started" | "onDone"> & {
  /** Awaited once the answer has started, before it is returned (the Responses API stores its id). */
  settled?: () => Promise<void>;
};

/**
 * Forwards the call's request (forward() does the providers and the passing on); the usage event is
 * finished, and the lease settled by the answer, on forward's one completion path.
 */
export async function forwardWithLease(call: Call, lease: Lease | undefined, prices: PriceBook, input: CallForward): Promise<Response> {
  const { request, url, event, started } = call;
  const { settled } = input;
  // (url.searchParams would make and re-serialise a URLSearchParams on every request: most have no query.)
  if (url.search !== "") url.searchParams.delete("api_key");
  let handedOver = false;
  try {
    const forwarding: ForwardInput = Object.assign(input, {
      search: url.search,
      headers: request.headers,
      signal: request.signal,
      lean: isLeanRequest(request),
      started,
      onDone: (outcome: ForwardOutcome) => finishEvent(event, started, outcomePatch(event, outcome), prices, lease),
    });
    const response = await forward(forwarding);
    handedOver = true;
    await settled?.();
    // A whole answer (or a failure) has finished its lease already: wait until the counters know, so
    // a client that sends its next request the moment it has this answer finds its slot free. (A
    // stream finishes later; until then this resolves at once.)
    if (!lease) return response;
    const counted = lease.finished();
    if (counted) await counted;
    return addHeaders(response, lease.headers);
  } finally {
    // forward() answers every path through onDone; should it ever throw instead, nothing stays held.
    if (!handedOver) lease?.finish({ totalTokens: null, costNanoUsd: 0 });
  }
}

/** What a forwarded request's outcome adds to its usage event (built without spreads: every request). */
function outcomePatch(event: UsageEvent, outcome: ForwardOutcome): Partial<UsageEvent> {
  const { usage, upstream } = outcome;
  const patch: Partial<UsageEvent> = {
    status: outcome.status,
    errorCode: outcome.errorCode,
    ttfbMs: outcome.ttfbMs,
    attempts: outcome.attempts,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    totalTokens: usage.totalTokens,
    providerId: upstream?.id ?? event.providerId,
    providerName: upstream?.name ?? event.providerName,
  };
  if (outcome.errorMessage !== undefined) patch.errorMessage = outcome.errorMessage;
  return patch;
}

/** The store is the gate: when it cannot be asked, the request is refused, never let through. */
export function admitOrFailClosed(input: Parameters<typeof admit>[0]): Admission | Promise<Admission> {
  try {
    const admission = admit(input);
    return admission instanceof Promise ? admission.catch(failClosed) : admission;
  } catch (error) {
    return failClosed(error);
  }
}

function failClosed(error: unknown): never {
  console.error("[keygate] key limits unavailable:", (error as Error).message);
  throw new ApiError("policy_unavailable", "This API key's limits cannot be checked right now; the request was not sent. Try again shortly.");
}

/** x-ratelimit-* headers for responses that count against nothing (model lists). */
export async function currentRateHeaders(policy: KeyPolicy | null): Promise<Record<string, string>> {
  if (!policy || (policy.rpmLimit === null && policy.tpmLimit === null)) return {};
  const nowMs = Date.now();
  const state = await (cachedCounterStore() ?? (await getCounterStore())).inspect({ keyId: policy.keyId, nowMs, rpm: policy.rpmLimit !== null, tpm: policy.tpmLimit !== null, budget: null });
  return rateLimitHeaders(policy, state, nowMs);
}

/** GET /v1/models: only the models the key may use. */
export const listModelsHandler: Handler = withApiKey("models", async (call) => {
  const { policy } = call;
  const denied = policy?.enforced ? checkAccess(policy, null, clientIpOf(call)) : null;
  if (denied) return refused(call, denied);
  const allowed = policy?.modelAllowed;
  const data = (await listModels()).filter((m) => !allowed || allowed(m.id));
  finishEvent(call.event, call.started, {});
  return addHeaders(Response.json({ object: "list", data }), await currentRateHeaders(policy));
});

/** GET /v1/models/{model} */
export function getModelHandler(model: string): Handler {
  return withApiKey("models", async (call) => {
    const { policy, event } = call;
    event.model = model.slice(0, 200);
    const denied = policy?.enforced ? checkAccess(policy, model, clientIpOf(call)) : null;
    if (denied) return refused(call, denied);
    const entry = (await listModels()).find((m) => m.id === model);
    if (!entry) throw await noRouteError(event.model);
    finishEvent(event, call.started, {});
    return addHeaders(Response.json(entry), await currentRateHeaders(policy));
  });
}

/**
 * GET /v1/usage: the calling key's own usage. Always needs a valid key, even with authentication
 * off: the key is what is being asked about.
 */
export const keyUsageHandler: Handler = async (request) => {
  const started = performance.now();
  const url = new URL(request.url);
  const pending = afterResponse(request);
  try {
    const result = await requireApiKey(request, url);
    if (!result.ok) {
      if (result.keyId) finishEvent(baseEvent(result.keyId, "usage", result.secret), started, { status: result.response.status, errorCode: result.code });
      return result.response;
    }
    const { policy } = result;
    const denied = policy.ipAllowed ? checkAccess(policy, null, clientIp(request.headers, getEnv().TRUSTED_PROXIES)) : null;
    if (denied) {
      const response = refusalResponse(denied);
      finishEvent(baseEvent(result.keyId, "usage", result.secret), started, { status: response.status, errorCode: denied.code });
      return response;
    }
    const { days } = keyUsageQuerySchema.parse({ days: url.searchParams.get("days") ?? undefined });
    const [usage, limits] = await Promise.all([getKeyUsage(result.keyId, days), getKeyLimits(result.keyId)]);
    finishEvent(baseEvent(result.keyId, "usage", result.secret), started, {});
    return addHeaders(Response.json({ ...keyUsageResponse(usage), limits: keyLimitsResponse(limits) }), await currentRateHeaders(policy));
  } catch (error) {
    return toErrorResponse(error);
  } finally {
    // Every event of this handler is queued before it answers.
    pending.done();
  }
};

export function notFoundHandler(request: Request): Response {
  const { pathname } = new URL(request.url);
  return errorResponse("not_found", `Unknown endpoint: ${request.method} ${pathname}`);
}
