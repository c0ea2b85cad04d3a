// Responses whose body the lean /v1 server (scripts/lean-v1.mjs) can write without going through
// the Web stream every Response carries: a whole body as its bytes, a stream as its chunk source.
// Through Next.js the same Response is read the usual way; both readers see the same bytes.

/** The bytes of a whole body (a Uint8Array), on the Response. */
export const WHOLE_BODY = Symbol.for("keygate.response.whole");
/** The ChunkSource of a streamed body, on the Response. */
export const BODY_SOURCE = Symbol.for("keygate.response.source");

/** A body produced chunk by chunk: `next()` gives the next chunk, or null at the end; it throws when the body cannot be completed. */
export interface ChunkSource {
  next(): Promise<Uint8Array | null>;
  /** The reader went away: stop producing (and release what the source holds). */
  cancel(): void;
}

type Init = { status: number; headers: Headers };

/** A whole body with its length, so it goes out in one write with Content-Length instead of chunked. */
export function bytesResponse(bytes: Uint8Array<ArrayBuffer>, init: Init): Response {
  init.headers.set("content-length", String(bytes.byteLength));
  const response = new Response(bytes, init);
  (response as unknown as Record<symbol, unknown>)[WHOLE_BODY] = bytes;
  return response;
}

/** A streamed body: the Web stream pulls from `source` only when read (high-water mark 0), so either reader may consume it. */
export function streamResponse(source: ChunkSource, init: Init): Response {
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
  const response = new Response(body, init);
  (response as unknown as Record<symbol, unknown>)[BODY_SOURCE] = source;
  return response;
}
