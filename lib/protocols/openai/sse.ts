import { parseSse, parseSseJson, type SseSource } from "@/lib/protocols/sse";
import type { ChatStreamItem } from "@/lib/protocols/openai/types";

export const CHAT_SSE_DONE = "data: [DONE]\n\n";

export function serializeChatItem(item: ChatStreamItem): string {
  return `data: ${JSON.stringify(item)}\n\n`;
}

/**
 * Chunks (and a failure's error item) as the SSE text OpenAI sends: `data: [DONE]` closes a stream
 * that ended well; after an error item the stream just ends, as OpenAI's does.
 */
export async function* chatSseText(items: AsyncIterable<ChatStreamItem>): AsyncGenerator<string> {
  let failed = false;
  for await (const item of items) {
    failed ||= "error" in item;
    yield serializeChatItem(item);
  }
  if (!failed) yield CHAT_SSE_DONE;
}

/** An upstream chat SSE stream → its chunks and error items, up to `[DONE]`. */
export async function* parseChatSse(source: SseSource): AsyncGenerator<ChatStreamItem> {
  for await (const message of parseSse(source)) {
    const data = message.data.trim();
    if (data === "[DONE]") return;
    if (!data) continue;
    yield parseSseJson(message) as ChatStreamItem;
  }
}
