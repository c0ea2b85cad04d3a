import "server-only";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import {
  AnthropicToChatStream,
  anthropicErrorToChat,
  anthropicResponseToChat,
  anthropicToChat,
  ChatToAnthropicStream,
  chatErrorToAnthropic,
  chatResponseToAnthropic,
  chatToAnthropic,
  serializeAnthropicEvent,
  type AnthropicMessage,
  type AnthropicStreamEvent,
} from "@/lib/protocols/anthropic";
import type { ChatCompletion, ChatStreamItem } from "@/lib/protocols/openai/types";
import { ApiError } from "@/lib/http/errors";
import type { ProviderKind } from "@/lib/providers/schemas";

// The proxy's bridge between the two protocols: a request in the client's protocol becomes one in the
// provider's, and the provider's answer (whole, streamed, or an error) comes back in the client's.
// The translations themselves are the pure functions of lib/protocols; this only frames them.

/** Which way an answer is translated: from the provider's protocol to the client's. */
export type Bridge = "chat-to-anthropic" | "anthropic-to-chat";

export const bridgeFor = (client: ProviderKind, upstream: ProviderKind): Bridge | null =>
  client === upstream ? null : client === "anthropic" ? "chat-to-anthropic" : "anthropic-to-chat";

function invalid(error: unknown): never {
  const issue = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
  if (issue) {
    const param = issue.path.map(String).join(".") || null;
    throw new ApiError("invalid_body", `Invalid request${param ? ` at \`${param}\`` : ""}: ${issue.message}`, param);
  }
  throw new ApiError("invalid_body", `Invalid request: ${(error as Error).message}`);
}

/** The client's request body in the provider's protocol, for `model` (the provider's own id). */
export function translateRequest(bridge: Bridge, json: Record<string, unknown>, model: string, stream: boolean): Record<string, unknown> {
  try {
    if (bridge === "chat-to-anthropic") {
      // An Anthropic client, an OpenAI-compatible provider.
      const chat: Record<string, unknown> = { ...anthropicToChat(json), model };
      if (stream) Object.assign(chat, { stream: true, stream_options: { include_usage: true } });
      return chat;
    }
    const request: Record<string, unknown> = { ...chatToAnthropic(json), model };
    if (stream) request.stream = true;
    else delete request.stream;
    return request;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    return invalid(error);
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A whole answer (or error body) of the provider, in the client's protocol; an answer that is not JSON is a 502. */
export function translateWhole(bridge: Bridge, status: number, bytes: Uint8Array, requestedModel: string): { status: number; body: Uint8Array<ArrayBuffer> } {
  const json = parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  if (json === undefined && status < 400) status = 502;
  let out: unknown;
  if (bridge === "chat-to-anthropic") {
    out = status >= 400 || json === undefined ? chatErrorToAnthropic(json ?? "The upstream provider's answer was not JSON", status >= 400 ? status : 502) : chatResponseToAnthropic(json as ChatCompletion, requestedModel);
  } else {
    out = status >= 400 || json === undefined ? anthropicErrorToChat(json ?? { error: { type: "api_error", message: "The upstream provider's answer was not JSON" } }) : anthropicResponseToChat(json as AnthropicMessage, { model: requestedModel });
  }
  return { status, body: new Uint8Array(Buffer.from(JSON.stringify(out))) };
}

/**
 * A provider's SSE events (complete events, as text) → the client's protocol's SSE text, one push at a
 * time. The chat side ends with `data: [DONE]`; the Anthropic side with message_stop.
 */
export class StreamBridge {
  private readonly toAnthropic: ChatToAnthropicStream | null;
  private readonly toChat: AnthropicToChatStream | null;
  private readonly parser = createParser({ onEvent: (event) => this.pending.push(event) });
  private pending: EventSourceMessage[] = [];
  private closed = false;

  constructor(
    readonly bridge: Bridge,
    opts: { model: string; includeUsage: boolean; inputTokens?: number },
  ) {
    this.toAnthropic = bridge === "chat-to-anthropic" ? new ChatToAnthropicStream({ model: opts.model, inputTokens: opts.inputTokens }) : null;
    this.toChat = bridge === "anthropic-to-chat" ? new AnthropicToChatStream({ includeUsage: opts.includeUsage, model: opts.model }) : null;
  }

  push(text: string): string {
    if (this.closed) return "";
    this.parser.feed(text);
    let out = "";
    for (const message of this.pending.splice(0)) {
      if (message.data === "[DONE]") continue;
      const data = parse(message.data);
      if (data === undefined) continue;
      out += this.toAnthropic ? this.anthropicText(this.toAnthropic.push(data as ChatStreamItem)) : this.chatText(this.toChat!.push(data as AnthropicStreamEvent));
    }
    return out;
  }

  /** The provider's stream ended: close the client's properly, whatever was missing. */
  end(): string {
    const out = this.push("\n\n");
    if (this.closed) return out;
    this.closed = true;
    return out + (this.toAnthropic ? this.anthropicText(this.toAnthropic.end()) : `${this.chatText(this.toChat!.end())}data: [DONE]\n\n`);
  }

  /** The provider failed midway: the client's stream ends with an error in its own protocol. */
  fail(code: string, message: string): string {
    if (this.closed) return "";
    this.closed = true;
    if (this.toAnthropic) return this.anthropicText(this.toAnthropic.push({ error: { message, type: "api_error", param: null, code } } as ChatStreamItem));
    return this.chatText(this.toChat!.push({ type: "error", error: { type: code === "upstream_timeout" ? "timeout_error" : "api_error", message } } as AnthropicStreamEvent));
  }

  private anthropicText(events: AnthropicStreamEvent[]): string {
    if (events.some((e) => e.type === "error" || e.type === "message_stop")) this.closed = true;
    return events.map(serializeAnthropicEvent).join("");
  }

  private chatText(items: ChatStreamItem[]): string {
    return items.map((item) => `data: ${JSON.stringify(item)}\n\n`).join("");
  }
}
