import { createParser, type EventSourceMessage } from "eventsource-parser";

export type SseMessage = EventSourceMessage;
export type SseSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** Upstream buffers grow with one event; past this a stream is broken, not slow. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * An SSE byte stream (a fetch body, a node stream) → its events, in order, parsed by
 * eventsource-parser (CRLF, split lines, comments, multi-line data). Events still buffered when the
 * stream ends without a blank line are delivered too, as several servers close that way.
 */
export async function* parseSse(source: SseSource): AsyncGenerator<SseMessage> {
  const queue: SseMessage[] = [];
  let failure: Error | null = null;
  const parser = createParser({
    onEvent: (event) => queue.push(event),
    onError: (error) => {
      if (error.type === "max-buffer-size-exceeded") failure = error;
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });
  const decoder = new TextDecoder();
  for await (const chunk of chunks(source)) {
    parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    yield* queue.splice(0);
  }
  parser.feed(decoder.decode());
  parser.reset({ consume: true });
  yield* queue.splice(0);
}

async function* chunks(source: SseSource): AsyncGenerator<Uint8Array | string> {
  if (!("getReader" in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Parses one event's data as JSON, with the event named in the error when it is not. */
export function parseSseJson(message: SseMessage): unknown {
  try {
    return JSON.parse(message.data);
  } catch {
    const name = message.event ? ` (event "${message.event}")` : "";
    throw new Error(`Malformed SSE data${name}: ${message.data.slice(0, 200)}`);
  }
}
