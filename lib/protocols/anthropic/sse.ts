import type { AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import { parseSse, parseSseJson, type SseSource } from "@/lib/protocols/sse";

/** `event: <type>` is not optional: Anthropic's SDKs skip an event that has no name. */
export function serializeAnthropicEvent(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export async function* anthropicSseText(events: AsyncIterable<AnthropicStreamEvent>): AsyncGenerator<string> {
  for await (const event of events) yield serializeAnthropicEvent(event);
}

/**
 * An upstream Anthropic SSE stream → its events. The JSON's `type` names an event (the `event:`
 * line should agree); data that is not an object with a type is skipped.
 */
export async function* parseAnthropicSse(source: SseSource): AsyncGenerator<AnthropicStreamEvent> {
  for await (const message of parseSse(source)) {
    if (!message.data.trim()) continue;
    const event = parseSseJson(message);
    if (typeof event === "object" && event !== null && "type" in event && typeof event.type === "string") yield event as AnthropicStreamEvent;
  }
}
