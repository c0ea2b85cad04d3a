import "server-only";
import type { Readable } from "node:stream";
import { request } from "undici";
import { getEnv } from "@/lib/env";
import { upstreamAgent, upstreamTarget } from "@/lib/http/agent";
import { bytesResponse, streamResponse, type ChunkSource } from "@/lib/http/response";
import { errorBody, errorResponse, type ErrorCode } from "@/lib/http/errors";
import { anthropicErrorBody } from "@/lib/protocols/anthropic";
import { reportFailure, reportSuccess } from "@/lib/providers/health";
import type { Upstream } from "@/lib/providers";
import type { Route } from "@/lib/providers/routing";
import type { ProviderKind } from "@/lib/providers/schemas";
import { clientResponseHeaders, upstreamRequestHeaders } from "@/lib/proxy/headers";
import { StreamBridge, translateWhole, type Bridge } from "@/lib/proxy/translate";
import { cleanErrorMessage } from "@/lib/usage/error-message";
import { NO_USAGE, readJsonUsage, SseEventTooLargeError, SseUsageTap, type TokenUsage, type UsageProtocol } from "@/lib/proxy/usage-extract";

/** A request goes to the provider chosen and, when that one fails before answering, to 2 more at most. */
export const MAX_ATTEMPTS = 3;

export interface ForwardOutcome {
  status: number;
  errorCode: string | null;
  /** The upstream's error message (or Keygate's), cleaned for the request log. */
  errorMessage?: string | null;
  ttfbMs: number | null;
  usage: TokenUsage;
  /** The provider that answered (or the last one tried). */
  upstream: Upstream | null;
  /** How many providers were tried. */
  attempts: number;
}

/** The request as one provider receives it. */
export interface PreparedRequest {
  /** The path under the provider's base URL (Anthropic providers get "v1/" in front). */
  path: string;
  body: Uint8Array;
  /** The provider speaks the other protocol: its answer is translated back. */
  bridge: Bridge | null;
  /** A spooled multipart upload, sent instead of `body` (opened afresh for each provider tried). */
  upload?: Upload;
}

/** A request body streamed from elsewhere (a temp file) under its own content-type. */
export interface Upload {
  length: number;
  contentType: string;
  open(): Readable;
}

export interface ForwardInput {
  /** The providers to try, in order. */
  routes: Route[];
  /** The request for one provider; may throw an ApiError when the request cannot be put in its protocol. */
  prepare(route: Route): PreparedRequest;
  /** The protocol the client speaks (for errors written into a stream). */
  clientProtocol: ProviderKind;
  /** The model the client named (translated answers name it). */
  requestedModel: string;
  /** Prompt tokens as estimated, for a translated stream's message_start. */
  inputTokens?: number;
  /** The client's query string (Claude Code sends ?beta=true): for providers of its own protocol only. */
  search: string;
  headers: Headers;
  stream: boolean;
  /** The client asked for the usage chunk itself (stream_options.include_usage). */
  clientWantsUsage: boolean;
  signal: AbortSignal;
  started: number;
  /** Called once, when the response has been fully passed on, failed, or was abandoned by the client. */
  onDone(outcome: ForwardOutcome): void;
  /** The answer's wire format when it is not the provider's kind (the Responses API: "responses"). */
  usageProtocol?: UsageProtocol;
  /** Called with the id a successful answer gives itself (Responses API), as soon as it is seen. */
  onResponseId?(id: string, upstream: Upstream): void;
  /** The request came from the lean /v1 server: its answer may be a LeanResponse (lib/http/response.ts). */
  lean: boolean;
}

function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof SseEventTooLargeError) return { code: "upstream_event_too_large", message: `${error.message} (MAX_SSE_EVENT_BYTES); the stream was ended there` };
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return { code: "upstream_timeout", message: "The upstream provider did not answer in time" };
  }
  return { code: "upstream_unreachable", message: "The upstream provider could not be reached" };
}

const encoder = new TextEncoder();

/** An error event in the client's protocol, ending a stream that failed midway. */
function sseError(protocol: ProviderKind, code: ErrorCode, message: string): string {
  if (protocol === "anthropic") {
    const body = anthropicErrorBody(code === "upstream_timeout" ? "timeout_error" : "api_error", message);
    return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
  }
  return `data: ${JSON.stringify(errorBody(code, message))}\n\n`;
}

type UpstreamResponse = Awaited<ReturnType<typeof request>>;
type UpstreamBody = UpstreamResponse["body"];

/** What an answer needs to be passed on: who answered, after how many tries, in which dialect. */
interface Answer {
  input: ForwardInput;
  upstream: Upstream;
  attempts: number;
  bridge: Bridge | null;
}

const done = (answer: Answer, outcome: Omit<ForwardOutcome, "upstream" | "attempts">) => {
  // Completed in place rather than copied: this runs for every request.
  const whole = outcome as ForwardOutcome;
  whole.upstream = answer.upstream;
  whole.attempts = answer.attempts;
  answer.input.onDone(whole);
};

/** No provider answered: the client left (499, nothing to send) or the last provider failed. */
function failed(input: ForwardInput, error: unknown, upstream: Upstream | null, attempts: number): Response {
  if (input.signal.aborted) {
    input.onDone({ status: 499, errorCode: "client_closed", ttfbMs: null, usage: NO_USAGE, upstream, attempts });
    return new Response(null, { status: 499 });
  }
  const { code, message } = classify(error);
  const response = errorResponse(code, attempts > 1 ? `${attempts} providers were tried; the last one ${message.replace(/^The upstream provider /, "")}` : message);
  input.onDone({ status: response.status, errorCode: code, errorMessage: cleanErrorMessage(message), ttfbMs: null, usage: NO_USAGE, upstream, attempts });
  return response;
}

/** Statuses after which the next provider is asked instead (the answer is not passed on). */
const retryable = (status: number) => status === 429 || status >= 500;

/**
 * Sends the request to the first provider and passes its answer back: whole for JSON, event by event
 * for streams. A provider that cannot be reached, times out, or answers 429/5xx before the first
 * byte reaches the client is passed over for the next route; once bytes have been sent, never.
 */
export async function forward(input: ForwardInput): Promise<Response> {
  const env = getEnv();
  const routes = input.routes.slice(0, MAX_ATTEMPTS);
  // Made only when needed: an Error's stack trace costs more than the rest of a request's routing.
  let lastError: unknown = null;
  let lastUpstream: Upstream | null = null;
  let tried = 0;
  // A route whose protocol cannot take the request is skipped, so "last" is the last one that can:
  // its answer is passed on whatever it is, never dumped for a provider that will not be asked.
  // Asked only when it matters (a stream's first wait, a failure), so an answer from the first
  // provider never prepares (translates) the request for the others.
  const preparable = (route: Route) => {
    try {
      input.prepare(route);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i] as Route;
    const { upstream } = route;
    const isLast = () => !routes.slice(i + 1).some(preparable);
    let prepared: PreparedRequest;
    try {
      prepared = input.prepare(route);
    } catch (error) {
      // The first provider's protocol takes the request (the handler checked); a fallback's may not.
      if (i === 0) throw error;
      continue;
    }
    lastUpstream = upstream;
    const attempts = ++tried;
    let response: UpstreamResponse;
    try {
      // The agent asked directly: undici's request(url) would parse the URL and copy the options again.
      response = await upstreamAgent().request({
        ...upstreamTarget(upstream.baseUrl, upstream.kind === "anthropic" ? `v1/${prepared.path}` : prepared.path, prepared.bridge ? "" : input.search),
        method: "POST",
        headers: upstreamRequestHeaders(input.headers, upstream.apiKey, prepared.upload?.length ?? prepared.body.byteLength, upstream.kind, prepared.upload?.contentType),
        body: prepared.upload ? prepared.upload.open() : prepared.body,
        signal: input.signal,
        // A stream's first byte comes quickly from a healthy provider: when another could answer, wait less.
        ...(input.stream && !isLast() ? { headersTimeout: Math.min(env.FALLBACK_TIMEOUT_MS, env.UPSTREAM_TIMEOUT_MS) } : {}),
      });
    } catch (error) {
      if (input.signal.aborted) return failed(input, error, upstream, attempts);
      reportFailure(upstream.id, env.PROVIDER_COOLDOWN_MS);
      lastError = error;
      continue;
    }
    const { statusCode, body } = response;
    if (retryable(statusCode)) reportFailure(upstream.id, env.PROVIDER_COOLDOWN_MS);
    if (retryable(statusCode) && !isLast()) {
      body.dump().catch(() => undefined);
      continue;
    }
    const answer: Answer = { input, upstream, attempts, bridge: prepared.bridge };
    const headers = clientResponseHeaders(response.headers, input.lean);
    const isSse = String(response.headers["content-type"] ?? "").includes("text/event-stream");
    if (input.stream && statusCode < 400 && isSse) {
      // The first chunk is read before anything is sent, so a provider that resets now is passed over too.
      const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      let first: IteratorResult<Buffer>;
      try {
        first = await iterator.next();
      } catch (error) {
        if (input.signal.aborted || isLast()) return failed(input, error, upstream, attempts);
        reportFailure(upstream.id, env.PROVIDER_COOLDOWN_MS);
        lastError = error;
        continue;
      }
      reportSuccess(upstream.id);
      return passStream(answer, statusCode, headers, body, iterator, first);
    }
    if (statusCode < 400 && !prepared.bridge && isBinary(response.headers["content-type"])) {
      reportSuccess(upstream.id);
      return passBytes(answer, statusCode, headers, body);
    }
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await body.arrayBuffer());
    } catch (error) {
      if (input.signal.aborted || isLast()) return failed(input, error, upstream, attempts);
      reportFailure(upstream.id, env.PROVIDER_COOLDOWN_MS);
      lastError = error;
      continue;
    }
    if (!retryable(statusCode)) reportSuccess(upstream.id);
    return passWhole(answer, statusCode, headers, bytes);
  }
  return failed(input, lastError ?? new Error("no provider"), lastUpstream, tried);
}

/** A whole JSON answer, passed on (in the client's protocol). */
function passWhole(answer: Answer, statusCode: number, headers: Headers, bytes: Uint8Array<ArrayBuffer>): Response {
  const { usage, errorCode, errorMessage, id } = readJsonUsage(bytes);
  if (id && statusCode < 400 && !answer.bridge) answer.input.onResponseId?.(id, answer.upstream);
  const translated = answer.bridge ? translateWhole(answer.bridge, statusCode, bytes, answer.input.requestedModel) : null;
  const status = translated?.status ?? statusCode;
  done(answer, {
    status,
    errorCode: status >= 400 ? (errorCode ?? `upstream_${statusCode}`) : null,
    // Not JSON (a gateway's HTML page): its first words.
    errorMessage: status >= 400 ? (errorMessage ?? cleanErrorMessage(Buffer.from(bytes.subarray(0, 1200)).toString("utf8").replace(/<[^>]*>/g, " "))) : null,
    ttfbMs: null,
    usage: usage ?? NO_USAGE,
  });
  if (!translated) return bytesResponse(bytes, { status: statusCode, headers }, answer.input.lean);
  headers.set("content-type", "application/json");
  return bytesResponse(translated.body, { status, headers }, answer.input.lean);
}

/** An SSE answer: each complete event reaches the client as soon as it arrives. */
function passStream(answer: Answer, statusCode: number, headers: Headers, body: UpstreamBody, iterator: AsyncIterator<Buffer>, first: IteratorResult<Buffer>): Response {
  const { input } = answer;
  // A translated stream keeps the usage chunk: the translation needs it, and drops it itself.
  const onId = input.onResponseId ? (id: string) => input.onResponseId?.(id, answer.upstream) : undefined;
  const sse = new SseUsageTap(input.clientWantsUsage || answer.bridge !== null, input.usageProtocol ?? answer.upstream.kind, onId, getEnv().MAX_SSE_EVENT_BYTES);
  const bridge = answer.bridge
    ? new StreamBridge(answer.bridge, { model: input.requestedModel, includeUsage: input.clientWantsUsage, inputTokens: input.inputTokens })
    : null;
  if (bridge) headers.set("content-type", "text/event-stream; charset=utf-8");
  headers.set("cache-control", "no-cache");
  headers.set("x-accel-buffering", "no");
  let ttfbMs: number | null = null;
  let finished = false;
  let ended = false;
  let pending: IteratorResult<Buffer> | null = first;
  const finish = (status: number, errorCode: string | null) => {
    if (finished) return;
    finished = true;
    done(answer, { status, errorCode, ttfbMs, usage: sse.usage ?? NO_USAGE });
  };
  const out = (text: string) => (bridge ? bridge.push(text) : text);

  const source: ChunkSource = {
    async next() {
      if (ended) return null;
      try {
        // Loop until there is something to send: an upstream chunk may hold no complete event yet.
        for (;;) {
          const result: IteratorResult<Buffer> = pending ?? (await iterator.next());
          pending = null;
          if (result.done) {
            ended = true;
            const rest = out(sse.end()) + (bridge ? bridge.end() : "");
            finish(statusCode, null);
            return rest ? encoder.encode(rest) : null;
          }
          const text = out(sse.push(result.value));
          if (text) {
            ttfbMs ??= Math.round(performance.now() - input.started);
            return encoder.encode(text);
          }
        }
      } catch (error) {
        ended = true;
        if (input.signal.aborted) {
          finish(499, "client_closed");
          throw error;
        }
        // The upstream failed mid-answer: end the client's stream with an error it can see, never hang.
        const { code, message } = classify(error);
        const reported = code === "upstream_timeout" || code === "upstream_event_too_large" ? code : "upstream_error";
        const text = reported !== "upstream_error" ? message : "The upstream provider failed in the middle of the response";
        // Nothing more of this answer is read: the upstream connection is closed, not left sending.
        if (code === "upstream_event_too_large") body.destroy();
        finish(statusCode, reported);
        return encoder.encode(bridge ? bridge.fail(reported, text) : sseError(input.clientProtocol, reported, text));
      }
    },
    cancel() {
      // The client went away: stop the upstream request too.
      ended = true;
      body.destroy();
      finish(499, "client_closed");
    },
  };
  return streamResponse(source, { status: statusCode, headers }, input.lean);
}

/** Neither JSON nor SSE (speech audio, a transcript as text/srt/vtt): passed on as it arrives, never held whole. */
const isBinary = (contentType: string | string[] | undefined) => {
  const type = String(contentType ?? "").toLowerCase();
  return type !== "" && !type.includes("json") && !type.includes("text/event-stream");
};

/** A non-JSON answer, chunk by chunk as the provider sends it; it reports no usage. */
function passBytes(answer: Answer, statusCode: number, headers: Headers, body: UpstreamBody): Response {
  const { input } = answer;
  let ttfbMs: number | null = null;
  let finished = false;
  const finish = (status: number, errorCode: string | null) => {
    if (finished) return;
    finished = true;
    done(answer, { status, errorCode, ttfbMs, usage: NO_USAGE });
  };
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const source: ChunkSource = {
    async next() {
      if (finished) return null;
      try {
        const result = await iterator.next();
        if (result.done) {
          finish(statusCode, null);
          return null;
        }
        ttfbMs ??= Math.round(performance.now() - input.started);
        return new Uint8Array(result.value.buffer, result.value.byteOffset, result.value.byteLength);
      } catch (error) {
        // Binary has no in-band error: the client sees the body cut short.
        finish(input.signal.aborted ? 499 : statusCode, input.signal.aborted ? "client_closed" : classify(error).code === "upstream_timeout" ? "upstream_timeout" : "upstream_error");
        throw error;
      }
    },
    cancel() {
      body.destroy();
      finish(499, "client_closed");
    },
  };
  return streamResponse(source, { status: statusCode, headers }, input.lean);
}
