// Responses whose body the lean /v1 server (scripts/lean-v1.mjs) writes without going through the
// Web stream a Response carries. Through Next.js (or whenever the request did not come from the lean
// server) these are real Responses, read the usual way; on the lean path they are LeanResponses:
// status, real Headers and the body's bytes or chunk source, built in a fraction of the time.

/** The bytes of a whole body (a Uint8Array), on the Response. */
export const WHOLE_BODY = Symbol.for("keygate.response.whole");
/** The ChunkSource of a streamed body, on the Response. */
export const BODY_SOURCE = Symbol.for("keygate.response.source");
/** On requests the lean server made: their answers may be LeanResponses. */
export const LEAN_REQUEST = Symbol.for("keygate.request.lean");

/** A body produced chunk by chunk: `next()` gives the next chunk, or null at the end; it throws when the body cannot be completed. */
export interface ChunkSource {
  next(): Promise<Uint8Array | null>;
  /** The reader went away: stop producing (and release what the source holds). */
  cancel(): void;
}

type Init = { status: number; headers: Headers };

export const isLeanRequest = (request: Request) => LEAN_REQUEST in request;

/**
 * What the lean server needs of a Response, and what the handlers do with one (status, headers,
 * reading an error's text). Never handed to Next.js: only requests from the lean server get one.
 */
class LeanResponse {
  readonly ok: boolean;
  readonly statusText = "";
  readonly [WHOLE_BODY]?: Uint8Array<ArrayBuffer>;
  readonly [BODY_SOURCE]?: ChunkSource;
  constructor(
    readonly status: number,
    readonly headers: Headers,
    body: { whole: Uint8Array<ArrayBuffer> } | { source: ChunkSource },
  ) {
    this.ok = status >= 200 && status < 300;
    if ("whole" in body) this[WHOLE_BODY] = body.whole;
    else this[BODY_SOURCE] = body.source;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const whole = this[WHOLE_BODY];
    if (whole) return whole.slice().buffer;
    const chunks: Uint8Array[] = [];
    for (let chunk = await this[BODY_SOURCE]?.next(); chunk; chunk = await this[BODY_SOURCE]?.next()) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks)).buffer;
  }

  async text(): Promise<string> {
    return Buffer.from(await this.arrayBuffer()).toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** A whole body with its length, so it goes out in one write with Content-Length instead of chunked. */
export function bytesResponse(bytes: Uint8Array<ArrayBuffer>, init: Init, lean: boolean): Response {
  init.headers.set("content-length", String(bytes.byteLength));
  if (lean) return new LeanResponse(init.status, init.headers, { whole: bytes }) as unknown as Response;
  return new Response(bytes, init);
}

/** A streamed body. Through Next, a Web stream that pulls from `source` as it is read. */
export function streamResponse(source: ChunkSource, init: Init, lean: boolean): Response {
  if (lean) return new LeanResponse(init.status, init.headers, { source }) as unknown as Response;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await source.next();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        source.cancel();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, init);
}
