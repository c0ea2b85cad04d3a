export type * from "@/lib/protocols/anthropic/types";
export { anthropicRequestSchema, type ParsedAnthropicRequest } from "@/lib/protocols/anthropic/request-schema";
export {
  anthropicErrorBody,
  anthropicErrorStatus,
  anthropicErrorToChat,
  anthropicErrorType,
  chatErrorToAnthropic,
  type AnthropicErrorType,
} from "@/lib/protocols/anthropic/errors";
export { anthropicToChat } from "@/lib/protocols/anthropic/request-to-chat";
export { chatToAnthropic, DEFAULT_MAX_TOKENS } from "@/lib/protocols/anthropic/chat-to-request";
export { anthropicResponseToChat, chatResponseToAnthropic } from "@/lib/protocols/anthropic/response";
export { ChatToAnthropicStream, chatEventsToAnthropic, type ChatToAnthropicStreamOptions } from "@/lib/protocols/anthropic/stream-from-chat";
export { AnthropicToChatStream, anthropicEventsToChat, type AnthropicToChatStreamOptions } from "@/lib/protocols/anthropic/stream-to-chat";
export { anthropicSseText, parseAnthropicSse, serializeAnthropicEvent } from "@/lib/protocols/anthropic/sse";
