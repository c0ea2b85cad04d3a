import "server-only";
import { request } from "undici";
import { getEnv } from "@/lib/env";
import { joinUrl, upstreamAgent } from "@/lib/http/agent";
import { errorBody, errorResponse, type ErrorCode } from "@/lib/http/errors";
import type { Upstream } from "@/lib/providers";
import { clientResponseHeaders, upstreamRequestHeaders } from "@/lib/proxy/headers";
import { NO_USAGE, readJsonUsage, SseUsageTap, type TokenUsage } from "@/lib/proxy/usage-extract";

export interface ForwardOutcome {
  status: number;
  errorCode: string | null;
  ttfbMs: number | null;
  usage: TokenUsage;
}

export interface ForwardInput {
  upstream: Upstream;
  endpoint: string;
  search: string;
  headers: Headers;
  body: Uint8Array;
  stream: boolean;
  /** The client asked for the usage chunk itself (stream_options.include_usage). */
  clientWantsUsage: boolean;
  /** The wire format of the stream (where its usage is, and whether a usage chunk may be dropped). */
  protocol: "openai" | "anthropic";
  signal: AbortSignal;
  started: number;
  /** Called once, when the response has been fully passed on, failed, or was abandoned by the client. */
  onDone(outcome: ForwardOutcome): void;
}

function classify(error: unknown): { code: ErrorCode; message: string } {
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return { code: "upstream_timeout", message: `The upstream provider did not answer within ${getEnv().UPSTREAM_TIMEOUT_MS} ms` };
  }
  return { code: "upstream_unreachable", message: "The upstream provider could not be reached" };
}

const encoder = new TextEncoder();

function sseError(code: ErrorCode, message: string): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(errorBody(code, message))}\n\n`);
}

type UpstreamBody = Awaited<ReturnType<typeof request>>["body"];

/** The request never got an answer: the client left (499, nothing to send) or the upstream failed. */
function failed(input: ForwardInput, error: unknown): Response {
  if (input.signal.aborted) {
    input.onDone({ status: 499, errorCode: "client_closed", ttfbMs: null, usage: NO_USAGE });
    return new Response(null, { status: 499 });
  }
  const { code, message } = classify(error);
  const response = errorResponse(code, message);
  input.onDone({ status: response.status, errorCode: code, ttfbMs: null, usage: NO_USAGE });
  return response;
}

/** Sends the request to the provider and passes its answer back: whole for JSON, event by event for streams. */
export async function forward(input: ForwardInput): Promise<Response> {
  let upstreamResponse: Awaited<ReturnType<typeof request>>;
  try {
    upstreamResponse = await request(joinUrl(input.upstream.baseUrl, input.upstream.kind === "anthropic" ? `v1/${input.endpoint}` : input.endpoint, input.search), {
      method: "POST",
      dispatcher: upstreamAgent(),
      headers: upstreamRequestHeaders(input.headers, input.upstream.apiKey, input.body.byteLength, input.upstream.kind),
      body: input.body,
      signal: input.signal,
    });
  } catch (error) {
    return failed(input, error);
  }
  const { statusCode, body } = upstreamResponse;
  const headers = clientResponseHeaders(upstreamResponse.headers);
  const isSse = String(upstreamResponse.headers["content-type"] ?? "").includes("text/event-stream");
  if (input.stream && statusCode < 400 && isSse) return passStream(input, statusCode, headers, body);
  return passWhole(input, statusCode, headers, body);
}

/** A whole JSON answer: read in one go (cheaper than a chunk-by-chunk web stream), then passed on. */
async function passWhole(input: ForwardInput, statusCode: number, headers: Headers, body: UpstreamBody): Promise<Response> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await body.arrayBuffer());
  } catch (error) {
    return failed(input, error);
  }
  const { usage, errorCode } = readJsonUsage(bytes);
  input.onDone({
    status: statusCode,
    errorCode: statusCode >= 400 ? (errorCode ?? `upstream_${statusCode}`) : null,
    ttfbMs: null,
    usage: usage ?? NO_USAGE,
  });
  return new Response(bytes, { status: statusCode, headers });
}

/** An SSE answer: each complete event reaches the client as soon as it arrives. */
function passStream(input: ForwardInput, statusCode: number, headers: Headers, body: UpstreamBody): Response {
  const sse = new SseUsageTap(input.clientWantsUsage, input.protocol);
  headers.set("cache-control", "no-cache");
  headers.set("x-accel-buffering", "no");
  let ttfbMs: number | null = null;
  let finished = false;
  const finish = (status: number, errorCode: string | null) => {
    if (finished) return;
    finished = true;
    input.onDone({ status, errorCode, ttfbMs, usage: sse.usage ?? NO_USAGE });
  };

  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Loop until something is enqueued: a pull that enqueues nothing is not called again.
        for (;;) {
          const { done, value } = await iterator.next();
          if (done) {
            const rest = sse.end();
            if (rest) controller.enqueue(encoder.encode(rest));
            controller.close();
            finish(statusCode, null);
            return;
          }
          const text = sse.push(value);
          if (text) {
            ttfbMs ??= Math.round(performance.now() - input.started);
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      } catch (error) {
        if (input.signal.aborted) {
          finish(499, "client_closed");
          controller.error(error);
          return;
        }
        // The upstream failed mid-answer: end the client's stream with an error it can see, never hang.
        const { code, message } = classify(error);
        const reported = code === "upstream_timeout" ? code : "upstream_error";
        controller.enqueue(sseError(reported, code === "upstream_timeout" ? message : "The upstream provider failed in the middle of the response"));
        controller.close();
        finish(statusCode, reported);
      }
    },
    cancel() {
      // The client went away: stop the upstream request too.
      body.destroy();
      finish(499, "client_closed");
    },
  });
  return new Response(stream, { status: statusCode, headers });
}
