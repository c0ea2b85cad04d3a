export type * from "@/lib/protocols/openai/types";
export { isChatStreamError } from "@/lib/protocols/openai/types";
export { chatRequestSchema, type ParsedChatRequest } from "@/lib/protocols/openai/request-schema";
export { CHAT_SSE_DONE, chatSseText, parseChatSse, serializeChatItem } from "@/lib/protocols/openai/sse";
