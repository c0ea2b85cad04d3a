import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { chatToAnthropic } from "@/lib/protocols/anthropic/chat-to-request";
import { anthropicRequestSchema } from "@/lib/protocols/anthropic/request-schema";
import { anthropicToChat } from "@/lib/protocols/anthropic/request-to-chat";
import type { AnthropicRequest } from "@/lib/protocols/anthropic/types";
import { chatRequestSchema } from "@/lib/protocols/openai/request-schema";
import type { ChatRequest } from "@/lib/protocols/openai/types";

/**
 * Arbitrary requests of one format → the other. Conversations are generated whole (turns, tool
 * calls and their results, prefills, consecutive turns of one role, system turns, empty and
 * whitespace-only text, block types the other side cannot read), so that most are valid; a second
 * property throws shapeless input at both translations, which may refuse it only with a ZodError.
 */

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", " ", "\n\t ", "hello ", " world"));
const name = fc.stringMatching(/^[a-z_]{1,10}$/);
const input = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 3 });
const PNG = "iVBORw0KGgo=";

const anthropicImage = fc.constantFrom(
  { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
  { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
);
const anthropicExtra = fc.oneof(
  text.map((t) => ({ type: "text", text: t, cache_control: { type: "ephemeral" } })),
  anthropicImage,
  fc.constant({ type: "document", source: { type: "text", media_type: "text/plain", data: "doc" } }),
);

const anthropicTurn = fc.record({
  thinking: fc.boolean(),
  text: fc.option(text, { nil: undefined }),
  calls: fc.array(fc.record({ name, input }), { maxLength: 3 }),
  splitAssistant: fc.boolean(),
  results: fc.array(fc.oneof(text, fc.array(fc.oneof(text.map((t) => ({ type: "text", text: t })), anthropicImage), { maxLength: 3 })), { maxLength: 3 }),
  isError: fc.boolean(),
  userExtra: fc.array(anthropicExtra, { maxLength: 2 }),
  splitUser: fc.boolean(),
  system: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
});

const anthropicConversation = fc.record({
  first: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.array(anthropicExtra, { minLength: 1, maxLength: 3 })),
  turns: fc.array(anthropicTurn, { maxLength: 4 }),
  prefill: fc.option(text, { nil: undefined }),
  system: fc.option(fc.oneof(fc.string({ maxLength: 10 }), fc.array(text.map((t) => ({ type: "text", text: t, cache_control: { type: "ephemeral" } })), { maxLength: 2 })), { nil: undefined }),
  toolChoice: fc.option(fc.constantFrom({ type: "auto" }, { type: "any", disable_parallel_tool_use: true }, { type: "tool", name: "a" }, { type: "none" }), { nil: undefined }),
  sampling: fc.record({ temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), top_k: fc.option(fc.nat(100), { nil: undefined }), stop: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }) }),
  stream: fc.boolean(),
});

function anthropicBody(c: typeof anthropicConversation extends fc.Arbitrary<infer T> ? T : never) {
  const messages: { role: string; content: unknown }[] = [{ role: "user", content: c.first }];
  const names = new Set<string>(["a"]);
  c.turns.forEach((t, i) => {
    const assistant: object[] = [];
    if (t.thinking) assistant.push({ type: "thinking", thinking: "hmm", signature: "sig" });
    if (t.text !== undefined) assistant.push({ type: "text", text: t.text });
    const ids = t.calls.map((call, j) => {
      names.add(call.name);
      assistant.push({ type: "tool_use", id: `toolu_${i}_${j}`, name: call.name, input: call.input });
      return `toolu_${i}_${j}`;
    });
    if (assistant.length === 0) assistant.push({ type: "text", text: "ok" });
    if (t.splitAssistant && assistant.length > 1) messages.push({ role: "assistant", content: assistant.slice(0, 1) }, { role: "assistant", content: assistant.slice(1) });
    else messages.push({ role: "assistant", content: assistant });
    if (t.system !== undefined) messages.push({ role: "system", content: t.system || "note" });
    const results = ids.map((id, j) => ({ type: "tool_result", tool_use_id: id, ...(t.results[j] !== undefined ? { content: t.results[j] } : {}), ...(t.isError ? { is_error: true } : {}) }));
    const user: object[] = [...results, ...t.userExtra];
    if (user.length === 0) user.push({ type: "text", text: "go on" });
    if (t.splitUser && user.length > 1) messages.push({ role: "user", content: user.slice(0, 1) }, { role: "user", content: user.slice(1) });
    else messages.push({ role: "user", content: user });
  });
  if (c.prefill !== undefined) messages.push({ role: "assistant", content: c.prefill });
  return {
    model: "claude",
    max_tokens: 100,
    messages,
    ...(c.system !== undefined ? { system: c.system } : {}),
    tools: [...names].map((n) => ({ name: n, input_schema: { type: "object", properties: {} } })).concat([{ type: "web_search_20250305", name: "web_search" } as never]),
    ...(c.toolChoice ? { tool_choice: c.toolChoice } : {}),
    ...(c.sampling.temperature !== undefined ? { temperature: c.sampling.temperature } : {}),
    ...(c.sampling.top_k !== undefined ? { top_k: c.sampling.top_k } : {}),
    ...(c.sampling.stop ? { stop_sequences: c.sampling.stop } : {}),
    stream: c.stream,
    metadata: { user_id: "u" },
  };
}

/** What OpenAI checks of a conversation, beyond the schema. */
function chatProblems(req: ChatRequest): string[] {
  const problems: string[] = [];
  if (!chatRequestSchema.safeParse(req).success) problems.push(`schema: ${JSON.stringify(chatRequestSchema.safeParse(req).error?.issues[0])}`);
  if (!req.messages.some((m) => m.role !== "system")) problems.push("no conversation");
  req.messages.forEach((m, i) => {
    if (m.role === "user" && Array.isArray(m.content) && m.content.length === 0) problems.push(`messages[${i}] empty user content`);
    if (m.role === "tool") {
      let j = i - 1;
      while (req.messages[j]?.role === "tool") j--;
      const owner = req.messages[j];
      if (owner?.role !== "assistant" || !owner.tool_calls?.some((c) => c.id === m.tool_call_id)) problems.push(`messages[${i}] tool message without its call`);
    }
    if (m.role === "assistant" && m.tool_calls?.length && i < req.messages.length - 1) {
      const answered = new Set<string>();
      for (let j = i + 1; req.messages[j]?.role === "tool"; j++) answered.add((req.messages[j] as { tool_call_id: string }).tool_call_id);
      for (const call of m.tool_calls) {
        if (!answered.has(call.id)) problems.push(`messages[${i}] call ${call.id} unanswered`);
        const args: unknown = JSON.parse(call.function.arguments);
        if (typeof args !== "object" || args === null || Array.isArray(args)) problems.push(`messages[${i}] arguments not an object`);
      }
    }
  });
  return problems;
}

/** What Anthropic checks of a conversation, beyond our own schema (which holds its tool pairing rules). */
function anthropicProblems(req: AnthropicRequest): string[] {
  const problems: string[] = [];
  const parsed = anthropicRequestSchema.safeParse(req);
  if (!parsed.success) problems.push(`schema: ${JSON.stringify(parsed.error.issues[0])}`);
  if (req.messages.length === 0) problems.push("no messages");
  req.messages.forEach((m, i) => {
    if (i > 0 && req.messages[i - 1]?.role === m.role) problems.push(`messages[${i}] same role as the one before`);
    const blocks = typeof m.content === "string" ? [{ type: "text" as const, text: m.content }] : m.content;
    if (blocks.length === 0) problems.push(`messages[${i}] empty`);
    for (const b of blocks) if (b.type === "text" && !b.text.trim()) problems.push(`messages[${i}] whitespace-only text`);
    const firstOther = blocks.findIndex((b) => b.type !== "tool_result");
    if (firstOther >= 0 && blocks.slice(firstOther).some((b) => b.type === "tool_result")) problems.push(`messages[${i}] tool_result after other content`);
  });
  const last = req.messages.at(-1);
  const tail = last && (typeof last.content === "string" ? last.content : last.content.at(-1));
  const tailText = typeof tail === "string" ? tail : tail?.type === "text" ? tail.text : null;
  if (last?.role === "assistant" && tailText !== null && tailText !== tailText.trimEnd()) problems.push("final assistant message ends in whitespace");
  if ((req.temperature ?? 0) > 1) problems.push("temperature above 1");
  if (req.stop_sequences?.some((s) => !s.trim())) problems.push("whitespace-only stop sequence");
  return problems;
}

const shapeless = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, undefined, "", "user", "assistant", "tool", "system", "text", "tool_use", "tool_result", "image", "image_url", "function", 0, 1, true),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("role", "content", "type", "text", "id", "tool_use_id", "tool_call_id", "tool_calls", "function", "name", "arguments", "input", "source", "image_url", "url"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("anthropicToChat, property-based", () => {
  it("turns every valid conversation into a chat request OpenAI would accept", () => {
    fc.assert(
      fc.property(anthropicConversation, (c) => {
        const body = anthropicBody(c);
        const valid = anthropicRequestSchema.safeParse(body);
        if (!valid.success) return; // e.g. an empty first turn; the schema's refusal is tested in the golden files
        let chat: ChatRequest;
        try {
          chat = anthropicToChat(body);
        } catch (error) {
          // Refused only when nothing a chat model can read is left (documents and thinking only).
          expect(error).toBeInstanceOf(ZodError);
          expect((error as ZodError).issues[0]?.path).toEqual(["messages"]);
          return;
        }
        expect(chatProblems(chat)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses shapeless input only with a ZodError", () => {
    fc.assert(
      fc.property(shapeless, fc.array(shapeless, { maxLength: 4 }), (extra, messages) => {
        try {
          anthropicToChat({ model: "m", max_tokens: 5, messages, ...(typeof extra === "object" && extra && !Array.isArray(extra) ? extra : {}) });
        } catch (error) {
          expect(error).toBeInstanceOf(ZodError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

const chatPart = fc.oneof(
  text.map((t) => ({ type: "text", text: t })),
  fc.constantFrom({ type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } }, { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } }),
  fc.constant({ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }),
);
const chatTurn = fc.record({
  content: fc.oneof(fc.constant(null), text, fc.array(text.map((t) => ({ type: "text", text: t })), { maxLength: 2 })),
  calls: fc.array(fc.record({ name, args: fc.oneof(input.map((i) => JSON.stringify(i)), fc.constantFrom("", "{", "[1]", "null", '{"a":')) }), { maxLength: 3 }),
  results: fc.array(fc.oneof(text, fc.array(text.map((t) => ({ type: "text", text: t })), { maxLength: 2 })), { maxLength: 3 }),
  user: fc.oneof(text, fc.array(chatPart, { maxLength: 3 })),
  doubleUser: fc.boolean(),
  system: fc.option(fc.constantFrom("system", "developer"), { nil: undefined }),
});
const chatConversation = fc.record({
  first: fc.oneof(text, fc.array(chatPart, { maxLength: 3 })),
  turns: fc.array(chatTurn, { maxLength: 4 }),
  prefill: fc.option(fc.oneof(text, fc.array(text.map((t) => ({ type: "text", text: t })), { maxLength: 2 })), { nil: undefined }),
  system: fc.option(text, { nil: undefined }),
  toolChoice: fc.option(fc.constantFrom("auto", "required", "none", { type: "function", function: { name: "a" } }, { type: "allowed_tools", allowed_tools: {} }), { nil: undefined }),
  parallel: fc.option(fc.boolean(), { nil: undefined }),
  temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
  stop: fc.option(fc.oneof(text, fc.array(text, { maxLength: 4 })), { nil: undefined }),
});

function chatBody(c: typeof chatConversation extends fc.Arbitrary<infer T> ? T : never) {
  const messages: Record<string, unknown>[] = [];
  if (c.system !== undefined) messages.push({ role: "system", content: c.system });
  messages.push({ role: "user", content: c.first });
  c.turns.forEach((t, i) => {
    const ids = t.calls.map((_, j) => `call_${i}_${j}`);
    messages.push({ role: "assistant", content: t.content, ...(t.calls.length ? { tool_calls: t.calls.map((call, j) => ({ id: ids[j], type: "function", function: { name: call.name, arguments: call.args } })) } : {}) });
    ids.forEach((id, j) => messages.push({ role: "tool", tool_call_id: id, content: t.results[j] ?? "" }));
    if (t.system) messages.push({ role: t.system, content: "note" });
    messages.push({ role: "user", content: t.user });
    if (t.doubleUser) messages.push({ role: "user", content: "and" });
  });
  if (c.prefill !== undefined) messages.push({ role: "assistant", content: c.prefill });
  return {
    model: "gpt",
    messages,
    tools: [{ type: "function", function: { name: "a", parameters: { type: "object", properties: {} } } }],
    ...(c.toolChoice !== undefined ? { tool_choice: c.toolChoice } : {}),
    ...(c.parallel !== undefined ? { parallel_tool_calls: c.parallel } : {}),
    ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
    ...(c.stop !== undefined ? { stop: c.stop } : {}),
  };
}

/** Whether anything of the conversation survives: text that is not whitespace, an image, a tool call. */
function hasContent(body: ReturnType<typeof chatBody>): boolean {
  return body.messages.some((m) => {
    if (m.role !== "user" && m.role !== "assistant") return false;
    if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) return true;
    const parts = typeof m.content === "string" ? [{ type: "text", text: m.content }] : Array.isArray(m.content) ? (m.content as { type: string; text?: string }[]) : [];
    return parts.some((p) => (p.type === "text" && p.text?.trim()) || p.type === "image_url");
  });
}

describe("chatToAnthropic, property-based", () => {
  it("turns every valid conversation into a Messages request Anthropic would accept", () => {
    fc.assert(
      fc.property(chatConversation, (c) => {
        const body = chatBody(c);
        let out: AnthropicRequest;
        try {
          out = chatToAnthropic(body);
        } catch (error) {
          // Refused only when every turn was empty or whitespace.
          expect(error).toBeInstanceOf(ZodError);
          expect((error as ZodError).issues[0]?.path).toEqual(["messages"]);
          expect(hasContent(body)).toBe(false);
          return;
        }
        expect(anthropicProblems(out)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses shapeless input only with a ZodError", () => {
    fc.assert(
      fc.property(shapeless, fc.array(shapeless, { maxLength: 4 }), (extra, messages) => {
        try {
          chatToAnthropic({ model: "m", messages, ...(typeof extra === "object" && extra && !Array.isArray(extra) ? extra : {}) });
        } catch (error) {
          expect(error).toBeInstanceOf(ZodError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
