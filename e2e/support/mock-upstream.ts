// A mock OpenAI-compatible upstream for tests and benchmarks: the machine has no internet.
// It records what it receives (headers included) so tests can check what the proxy forwarded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerForm, answerSpeech, isMultipart, readForm } from "./mock-media";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  aborted: boolean;
}

export interface MockUpstream {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Requests being answered now, and the most at once since the last resetPeak(). */
  inFlight(): { now: number; peak: number };
  resetPeak(): void;
  /** Makes every request after this (but model lists) fail this way, until set to null. */
  setFault(fault: MockFault | null): void;
  close(): Promise<void>;
}

/** How the mock fails, for fallback tests: an error status, a reset before any byte, or a late answer. */
export type MockFault = { status: 429 | 500 | 503 } | { reset: true } | { delayMs: number };

/** What the mock's tool-calling answers call: the first tool given, with these arguments. */
export const TOOL_ARGUMENTS = { location: "Paris", unit: "celsius" };
/** The arguments' JSON, sent in these pieces when streamed. */
export const TOOL_ARGUMENT_PIECES = ['{"location":', ' "Paris", "un', 'it": "celsius"}'];

/** The name of the first tool of a chat or Anthropic request, when the model should call it. */
function toolToCall(body: Record<string, unknown>): string | null {
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: unknown; function?: { name?: unknown } }[]) : [];
  const name = tools[0]?.function?.name ?? tools[0]?.name;
  if (typeof name !== "string") return null;
  // After the tool's result came back, the model answers in words.
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  const last = messages.at(-1);
  const answered = last?.role === "tool" || (Array.isArray(last?.content) && (last.content as { type?: unknown }[]).some((b) => b?.type === "tool_result"));
  return answered ? null : name;
}

export const MOCK_MODELS = ["gpt-4", "gpt-4o-mini", "text-embedding-3-small", "mock-slow", "mock-error", "mock-break"];
export const STREAM_WORDS = ["Hello", " from", " the", " mock", " upstream", "."];

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Prompt tokens: one per word of every message, so tests can predict the numbers. */
export function countPromptTokens(body: { messages?: { content?: unknown }[]; prompt?: unknown; input?: unknown }): number {
  const texts: string[] = [];
  for (const m of body.messages ?? []) if (typeof m.content === "string") texts.push(m.content);
  for (const v of [body.prompt, body.input]) {
    if (typeof v === "string") texts.push(v);
    if (Array.isArray(v)) for (const x of v) if (typeof x === "string") texts.push(x);
  }
  return texts.join(" ").split(/\s+/).filter(Boolean).length;
}

/** Anthropic requests: one token per word of the system prompt and of every text block. */
export function countAnthropicTokens(body: { system?: unknown; messages?: { content?: unknown }[] }): number {
  const texts: string[] = [];
  const add = (content: unknown) => {
    if (typeof content === "string") texts.push(content);
    else if (Array.isArray(content)) for (const block of content) if (typeof block?.text === "string") texts.push(block.text);
  };
  add(body.system);
  for (const m of body.messages ?? []) add(m.content);
  return texts.join(" ").split(/\s+/).filter(Boolean).length;
}

/** The Responses API's input as stored input items (a string is one user message). */
function responseInputItems(input: unknown, n: number): Record<string, unknown>[] {
  const items = typeof input === "string" ? [{ type: "message", role: "user", content: input }] : Array.isArray(input) ? (input as Record<string, unknown>[]) : [];
  return items.map((item, index) => {
    const content = typeof item.content === "string" ? [{ type: "input_text", text: item.content }] : item.content;
    return { id: `item_mock${n}_${index}`, status: "completed", ...(item.type === undefined ? { type: "message" } : {}), ...item, ...(content === undefined ? {} : { content }) };
  });
}

/** Responses API input tokens: one per word of the instructions and of every text of the input. */
export function countResponseTokens(body: { input?: unknown; instructions?: unknown }): number {
  const texts: string[] = [];
  if (typeof body.instructions === "string") texts.push(body.instructions);
  if (typeof body.input === "string") texts.push(body.input);
  if (Array.isArray(body.input)) {
    for (const item of body.input as { content?: unknown }[]) {
      if (typeof item?.content === "string") texts.push(item.content);
      else if (Array.isArray(item?.content)) for (const part of item.content) if (typeof part?.text === "string") texts.push(part.text);
    }
  }
  return texts.join(" ").split(/\s+/).filter(Boolean).length;
}

export async function startMockUpstream(options: { apiKey?: string; port?: number; delayMs?: number } = {}): Promise<MockUpstream> {
  const received: ReceivedRequest[] = [];
  let active = 0;
  let peak = 0;
  let fault: MockFault | null = null;
  const server: Server = createServer((req, res) => {
    if (isMultipart(req)) return multipart(req, res);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = {};
      }
      track(req, res, body);
      // Anthropic's API (paths under /v1/messages, and its model list) takes the key as x-api-key.
      const anthropic = req.headers["anthropic-version"] !== undefined;
      if (anthropic && options.apiKey && req.headers["x-api-key"] !== options.apiKey) {
        return json(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
      }
      if (!anthropic && options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
      }
      if (fault && !(req.method === "GET" && (req.url ?? "").endsWith("/models"))) {
        if ("reset" in fault) return void req.socket.destroy();
        if ("status" in fault) {
          return json(res, fault.status, { error: { message: `The mock upstream answers ${fault.status}`, type: "server_error", param: null, code: `mock_${fault.status}` } });
        }
      }
      const handle = () => route(req, res, body);
      // A request can ask to be answered late (metadata.delay_ms), to keep it in flight.
      const asked = Number((body.metadata as { delay_ms?: unknown } | undefined)?.delay_ms ?? 0);
      const delay = (fault && "delayMs" in fault ? fault.delayMs : undefined) ?? options.delayMs ?? (Number.isFinite(asked) && asked > 0 ? asked : 0);
      if (delay) setTimeout(handle, delay);
      else handle();
    });
  });

  /** Records a request and counts it in flight until its answer is sent or abandoned. */
  function track(req: IncomingMessage, res: ServerResponse, body: unknown): ReceivedRequest {
    const entry: ReceivedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, aborted: false };
    received.push(entry);
    active++;
    peak = Math.max(peak, active);
    res.on("close", () => {
      active--;
      if (!res.writableFinished) entry.aborted = true;
    });
    return entry;
  }

  /** Multipart uploads (audio, image edits): parsed as they stream in; the form's `delay_ms` field holds the answer back. */
  function multipart(req: IncomingMessage, res: ServerResponse) {
    const entry = track(req, res, null);
    readForm(req).then(
      (form) => {
        entry.body = form;
        if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
          return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
        }
        const delay = Number(form.fields.delay_ms ?? 0);
        const answer = () => answerForm(res, (req.url ?? "").split("?")[0] ?? "", form);
        if (delay > 0) setTimeout(answer, delay);
        else answer();
      },
      (error: Error) => json(res, 400, { error: { message: `Malformed multipart body: ${error.message}`, type: "invalid_request_error", param: null, code: null } }),
    );
  }

  function route(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.method === "GET" && path.endsWith("/models")) {
      return json(res, 200, { object: "list", data: MOCK_MODELS.map((id) => ({ id, object: "model", created: 1700000000, owned_by: "mock" })) });
    }
    if (/\/responses(\/|$)/.test(path)) return responsesApi(req, res, body, path);
    const model = String(body.model ?? "");
    if (path.endsWith("/audio/speech")) return answerSpeech(res, body);
    if (path.endsWith("/v1/messages/count_tokens")) return json(res, 200, { input_tokens: countAnthropicTokens(body) });
    if (path.endsWith("/v1/messages")) return anthropicMessage(res, body, model);
    if (model === "mock-error") {
      return json(res, 500, { error: { message: "The mock upstream failed", type: "server_error", param: null, code: "mock_failure" } });
    }
    if (model === "mock-slow") {
      // Answers after 3 s: longer than the proxy's timeout in tests.
      return void setTimeout(() => json(res, 200, { ok: true }), 3000);
    }
    const promptTokens = countPromptTokens(body as never);
    if (path.endsWith("/embeddings")) {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      return json(res, 200, {
        object: "list",
        data: inputs.map((_, index) => ({ object: "embedding", index, embedding: [0.1, 0.2, 0.3] })),
        model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      });
    }
    if (path.endsWith("/moderations")) {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      return json(res, 200, {
        id: "modr-mock",
        model: model || "omni-moderation-latest",
        results: inputs.map((input) => {
          const flagged = String(input).includes("attack");
          return { flagged, categories: { violence: flagged }, category_scores: { violence: flagged ? 0.97 : 0.01 } };
        }),
      });
    }
    if (path.endsWith("/images/generations")) {
      const n = typeof body.n === "number" ? body.n : 1;
      // gpt-image models report token usage; one output token per image keeps the numbers predictable.
      return json(res, 200, {
        created: 1700000000,
        data: Array.from({ length: n }, () => ({ b64_json: Buffer.from("mock image").toString("base64") })),
        usage: { input_tokens: promptTokens, output_tokens: n, total_tokens: promptTokens + n },
      });
    }
    if (path.endsWith("/rerank")) {
      const documents = Array.isArray(body.documents) ? body.documents : [];
      const query = String(body.query ?? "");
      const words = countPromptTokens({ input: [query, ...documents.map((d) => (typeof d === "string" ? d : JSON.stringify(d)))] });
      return json(res, 200, {
        model,
        results: documents.map((_, index) => ({ index, relevance_score: 1 / (index + 1) })).slice(0, Number(body.top_n ?? documents.length)),
        usage: { total_tokens: words },
      });
    }
    const chat = path.endsWith("/chat/completions");
    const completionTokens = STREAM_WORDS.length;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const tool = chat ? toolToCall(body) : null;
    if (tool) return chatToolCall(res, body, tool, usage);
    if (body.stream === true) return stream(res, body, chat, usage, model === "mock-break");
    const text = STREAM_WORDS.join("");
    return json(res, 200, chat
      ? { id: "chatcmpl-mock", object: "chat.completion", created: 1700000000, model, choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], usage }
      : { id: "cmpl-mock", object: "text_completion", created: 1700000000, model, choices: [{ index: 0, text, finish_reason: "stop" }], usage });
  }

  function stream(res: ServerResponse, body: Record<string, unknown>, chat: boolean, usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }, breakMidway: boolean) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const metadata = (body.metadata ?? {}) as { interval_ms?: string; chunks?: string; stall_after?: string; huge_event_bytes?: string };
    const interval = Number(metadata.interval_ms ?? 5);
    // metadata.stall_after: after this many chunks the upstream goes silent, its connection held open.
    const stallAfter = metadata.stall_after === undefined ? -1 : Number(metadata.stall_after);
    // metadata.huge_event_bytes: after the first chunk, one event of about this size, in 64 KiB writes.
    const huge = Number(metadata.huge_event_bytes ?? 0);
    // Benchmarks ask for longer answers (metadata.chunks, the words repeated) and for interval_ms "0":
    // every chunk its own write, one event-loop turn apart, with no timer in between.
    const asked = Number(metadata.chunks);
    const count = Number.isInteger(asked) && asked > 0 ? asked : STREAM_WORDS.length;
    if (count !== STREAM_WORDS.length) usage = { ...usage, completion_tokens: count, total_tokens: usage.prompt_tokens + count };
    const model = String(body.model);
    let i = 0;
    let stopped = false;
    const clearTimer = () => {
      stopped = true;
      clearInterval(timer);
    };
    const tick = () => {
      if (stopped) return;
      if (res.destroyed) return clearTimer();
      if (breakMidway && i === 2) {
        clearTimer();
        res.destroy(); // the upstream dies in the middle of the answer
        return;
      }
      if (i === stallAfter) return clearTimer();
      if (huge > 0 && i === 1) {
        clearTimer();
        return void sendHugeEvent(res, model, huge);
      }
      if (i < count) {
        const word = STREAM_WORDS[i++ % STREAM_WORDS.length];
        const chunk = chat
          ? { id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1700000000, model, choices: [{ index: 0, delta: { content: word }, finish_reason: null }], ...(includeUsage ? { usage: null } : {}) }
          : { id: "cmpl-mock", object: "text_completion", created: 1700000000, model, choices: [{ index: 0, text: word, finish_reason: null }], ...(includeUsage ? { usage: null } : {}) };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        if (interval <= 0) setImmediate(tick);
        return;
      }
      clearTimer();
      if (includeUsage) {
        res.write(`data: ${JSON.stringify({ id: "chatcmpl-mock", object: chat ? "chat.completion.chunk" : "text_completion", created: 1700000000, model, choices: [], usage })}\n\n`);
      }
      res.end("data: [DONE]\n\n");
    };
    const timer = interval > 0 ? setInterval(tick, interval) : undefined;
    if (interval <= 0) setImmediate(tick);
  }

  /** One chat chunk whose content is `bytes` long, written as the socket takes it; then the stream ends. */
  function sendHugeEvent(res: ServerResponse, model: string, bytes: number) {
    const head = `data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{"content":"`;
    const piece = "x".repeat(64 * 1024);
    let left = bytes;
    res.write(head);
    const more = () => {
      while (left > 0 && !res.destroyed) {
        const size = Math.min(left, piece.length);
        left -= size;
        if (!res.write(size === piece.length ? piece : piece.slice(0, size))) return void res.once("drain", more);
      }
      if (!res.destroyed) res.end(`"},"finish_reason":null}]}\n\ndata: [DONE]\n\n`);
    };
    more();
  }

  /** A chat answer that calls `name`: whole, or streamed with the arguments in pieces. */
  function chatToolCall(res: ServerResponse, body: Record<string, unknown>, name: string, usage: object) {
    const model = String(body.model);
    const call = { id: "call_mock1", type: "function", function: { name, arguments: JSON.stringify(TOOL_ARGUMENTS) } };
    if (body.stream !== true) {
      return json(res, 200, { id: "chatcmpl-mock", object: "chat.completion", created: 1700000000, model, choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] }, finish_reason: "tool_calls" }], usage });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunk = (delta: object, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1700000000, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: call.id, type: "function", function: { name, arguments: "" } }] });
    for (const piece of TOOL_ARGUMENT_PIECES) chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
    chunk({}, "tool_calls");
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
      res.write(`data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1700000000, model, choices: [], usage })}\n\n`);
    }
    res.end("data: [DONE]\n\n");
  }

  /** An Anthropic answer that calls `name`: a tool_use block, streamed as input_json_delta pieces. */
  function anthropicToolUse(res: ServerResponse, body: Record<string, unknown>, model: string, name: string, inputTokens: number) {
    const usage = { input_tokens: inputTokens, output_tokens: STREAM_WORDS.length };
    const block = { type: "tool_use", id: "toolu_mock1", name, input: TOOL_ARGUMENTS };
    if (body.stream !== true) {
      return json(res, 200, { id: "msg_mock", type: "message", role: "assistant", model, content: [{ type: "text", text: "Let me check." }, block], stop_reason: "tool_use", stop_sequence: null, usage });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send("message_start", { message: { id: "msg_mock", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } });
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    send("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Let me check." } });
    send("content_block_stop", { index: 0 });
    send("content_block_start", { index: 1, content_block: { type: "tool_use", id: block.id, name, input: {} } });
    send("ping", {});
    for (const piece of TOOL_ARGUMENT_PIECES) send("content_block_delta", { index: 1, delta: { type: "input_json_delta", partial_json: piece } });
    send("content_block_stop", { index: 1 });
    send("message_delta", { delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    send("message_stop", {});
    res.end();
  }

  /** Anthropic's Messages API: the same words, as a message or as its SSE events. */
  function anthropicMessage(res: ServerResponse, body: Record<string, unknown>, model: string) {
    if (model === "mock-error") return json(res, 529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    if (model === "mock-invalid") return json(res, 400, { type: "error", error: { type: "invalid_request_error", message: "max_tokens: 100000 > 64000, the maximum for this model" } });
    const inputTokens = countAnthropicTokens(body);
    const tool = toolToCall(body);
    if (tool) return anthropicToolUse(res, body, model, tool, inputTokens);
    const outputTokens = STREAM_WORDS.length;
    const message = { id: "msg_mock", type: "message", role: "assistant", model, content: [] as unknown[], stop_reason: null as string | null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } };
    if (body.stream !== true) {
      return json(res, 200, { ...message, content: [{ type: "text", text: STREAM_WORDS.join("") }], stop_reason: "end_turn", usage: { input_tokens: inputTokens, output_tokens: outputTokens } });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send("message_start", { message });
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    const interval = Number((body.metadata as { interval_ms?: string } | undefined)?.interval_ms ?? 5);
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      if (model.endsWith("-break") && i === 2) {
        clearInterval(timer);
        return void res.destroy(); // dies midway: message_start (the input tokens) was sent
      }
      if (i < STREAM_WORDS.length) return void send("content_block_delta", { index: 0, delta: { type: "text_delta", text: STREAM_WORDS[i++] } });
      clearInterval(timer);
      send("content_block_stop", { index: 0 });
      send("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: outputTokens } });
      send("message_stop", {});
      res.end();
    }, interval);
  }

  // OpenAI's Responses API: POST /responses (whole or as typed SSE events), and GET / DELETE /
  // cancel / input_items for the responses this instance made (any other id is a 404, as upstream).
  const responses = new Map<string, { response: Record<string, unknown>; input: Record<string, unknown>[] }>();
  let responseCount = 0;

  function responsesApi(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, path: string) {
    const notFound = (id: string, param: string | null = null) =>
      json(res, 404, { error: { message: `${param ? "Previous response" : "Response"} with id '${id}' not found.`, type: "invalid_request_error", param, code: param ? "previous_response_not_found" : null } });
    const match = /\/responses\/([^/]+)(\/cancel|\/input_items)?$/.exec(path);
    if (match) {
      const id = decodeURIComponent(match[1] ?? "");
      const stored = responses.get(id);
      if (!stored) return notFound(id);
      const action = match[2];
      if (req.method === "DELETE" && !action) {
        responses.delete(id);
        return json(res, 200, { id, object: "response", deleted: true });
      }
      if (req.method === "POST" && action === "/cancel") {
        stored.response.status = "cancelled";
        return json(res, 200, stored.response);
      }
      if (req.method === "GET" && action === "/input_items") {
        const query = new URL(req.url ?? "", "http://mock").searchParams;
        let items = query.get("order") === "asc" ? [...stored.input] : [...stored.input].reverse();
        const after = query.get("after");
        if (after) items = items.slice(items.findIndex((i) => i.id === after) + 1);
        const limit = Number(query.get("limit") ?? 20);
        const page = items.slice(0, limit);
        return json(res, 200, { object: "list", data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: items.length > page.length });
      }
      if (req.method === "GET" && !action) return json(res, 200, stored.response);
      return json(res, 405, { error: { message: "Method not allowed", type: "invalid_request_error", param: null, code: null } });
    }
    if (req.method !== "POST") return json(res, 405, { error: { message: "Method not allowed", type: "invalid_request_error", param: null, code: null } });
    const model = String(body.model ?? "");
    if (model === "mock-error") {
      return json(res, 500, { error: { message: "The mock upstream failed", type: "server_error", param: null, code: "mock_failure" } });
    }
    const previous = typeof body.previous_response_id === "string" ? body.previous_response_id : null;
    if (previous && !responses.has(previous)) return notFound(previous, "previous_response_id");

    const n = ++responseCount;
    const id = `resp_mock${port}x${n}`;
    const input = responseInputItems(body.input, n);
    const inputTokens = countResponseTokens(body);
    const usage = { input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: STREAM_WORDS.length, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: inputTokens + STREAM_WORDS.length };
    const tools = Array.isArray(body.tools) ? (body.tools as { type?: unknown; name?: unknown }[]) : [];
    const toolName = tools.find((t) => t?.type === "function" && typeof t.name === "string")?.name as string | undefined;
    const lastInput = Array.isArray(body.input) ? (body.input as { type?: unknown }[]).at(-1) : undefined;
    const callTool = toolName !== undefined && lastInput?.type !== "function_call_output";
    const text = STREAM_WORDS.join("");
    const finalItem = callTool
      ? { id: `fc_mock${n}`, type: "function_call", status: "completed", call_id: `call_mock${n}`, name: toolName, arguments: JSON.stringify(TOOL_ARGUMENTS) }
      : { id: `msg_mock${n}`, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [], logprobs: [] }] };
    const base = {
      id,
      object: "response",
      created_at: Math.floor(Date.now() / 1000),
      status: "in_progress",
      background: body.background === true,
      error: null,
      incomplete_details: null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      metadata: body.metadata ?? {},
      model,
      output: [] as unknown[],
      parallel_tool_calls: true,
      previous_response_id: previous,
      reasoning: { effort: null, summary: null },
      store: body.store !== false,
      temperature: 1,
      text: { format: { type: "text" } },
      tool_choice: body.tool_choice ?? "auto",
      tools,
      top_p: 1,
      truncation: "disabled",
      usage: null as unknown,
      user: null,
    };
    const completed = { ...base, status: "completed", output: [finalItem], usage };
    if (body.store !== false) responses.set(id, { response: completed, input });
    if (body.stream !== true) return json(res, 200, completed);

    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    let sequence = 0;
    const events: [string, object][] = [
      ["response.created", { response: base }],
      ["response.in_progress", { response: base }],
    ];
    if (callTool) {
      const item = finalItem as { id: string; name: string; call_id: string; arguments: string };
      events.push(["response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", arguments: "" } }]);
      for (const piece of TOOL_ARGUMENT_PIECES) events.push(["response.function_call_arguments.delta", { item_id: item.id, output_index: 0, delta: piece }]);
      events.push(["response.function_call_arguments.done", { item_id: item.id, output_index: 0, name: item.name, arguments: item.arguments }]);
    } else {
      const itemId = `msg_mock${n}`;
      const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
      events.push(["response.output_item.added", { output_index: 0, item: { id: itemId, type: "message", status: "in_progress", role: "assistant", content: [] } }]);
      events.push(["response.content_part.added", { item_id: itemId, output_index: 0, content_index: 0, part }]);
      for (const word of STREAM_WORDS) events.push(["response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta: word, logprobs: [] }]);
      events.push(["response.output_text.done", { item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] }]);
      events.push(["response.content_part.done", { item_id: itemId, output_index: 0, content_index: 0, part: { ...part, text } }]);
    }
    events.push(["response.output_item.done", { output_index: 0, item: finalItem }]);
    events.push(["response.completed", { response: completed }]);
    const interval = Number((body.metadata as { interval_ms?: string } | undefined)?.interval_ms ?? 2);
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      const next = events.shift();
      if (!next) {
        clearInterval(timer);
        return void res.end();
      }
      const [type, data] = next;
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
    }, interval);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    received,
    inFlight: () => ({ now: active, peak }),
    resetPeak: () => {
      peak = active;
    },
    setFault: (next) => {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
