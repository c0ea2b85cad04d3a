// OpenAI's Responses API through Keygate with the official `openai` SDK: POST /v1/responses (whole
// and streamed event by event, a function call included), the calls about one response (retrieve,
// delete, cancel, input items) and previous_response_id, each routed to the provider that made the
// response and open only to the key that made it; usage and cost counted, refusals in OpenAI's shape.
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RequestLogPage } from "@/lib/usage/schemas";
import { countResponseTokens, startMockUpstream, STREAM_WORDS, TOOL_ARGUMENT_PIECES, TOOL_ARGUMENTS, type MockUpstream } from "../support/mock-upstream";
import { apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const MODEL = "gpt-4o-mini";
let stack: Stack;
let a: MockUpstream;
let b: MockUpstream;
const providerIds: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  a = await startMockUpstream({ apiKey: stack.upstreamKey });
  b = await startMockUpstream({ apiKey: stack.upstreamKey });
  // The default provider is set aside: two OpenAI providers of equal priority and weight share the
  // model, so new responses alternate between them and only the mapping keeps follow-ups in place.
  const { body } = await stack.admin<{ items: { id: string }[] }>("/api/providers");
  for (const p of body.items) await stack.admin(`/api/providers/${p.id}`, { method: "PATCH", body: { enabled: false } });
  for (const [name, upstream] of [["A", a], ["B", b]] as const) {
    const created = await stack.admin<{ id: string }>("/api/providers", {
      method: "POST",
      body: { name, baseUrl: upstream.url, apiKey: stack.upstreamKey, allModels: false, models: [MODEL, "mock-error"], priority: 10 },
    });
    if (created.status !== 201) throw new Error(`creating provider ${name} failed: ${JSON.stringify(created.body)}`);
    providerIds[name] = created.body.id;
  }
});

afterAll(async () => {
  await stack?.close();
  await a?.close();
  await b?.close();
});

const ask = { model: MODEL, input: "Say hello to the world", instructions: "Be brief." };
const INPUT_TOKENS = countResponseTokens(ask);
const weatherTool = {
  type: "function" as const,
  name: "get_weather",
  description: "The weather at a place",
  parameters: { type: "object", properties: { location: { type: "string" }, unit: { type: "string" } }, required: ["location", "unit"], additionalProperties: false },
  strict: true,
};

const posts = (m: MockUpstream) => m.received.filter((r) => r.method === "POST" && r.url === "/v1/responses");
const touching = (id: string) => [...a.received, ...b.received].filter((r) => r.url.includes(id)).length;
/** The mock that holds response `id` (ids name the mock's port). */
const ownerOf = (id: string) => (id.includes(`mock${a.port}x`) ? a : id.includes(`mock${b.port}x`) ? b : null);

async function logsOf(keyId: string, count: number) {
  let items: RequestLogPage["items"] = [];
  await expect
    .poll(async () => {
      items = (await stack.admin<RequestLogPage>(`/api/usage/logs?range=1h&keyId=${keyId}`)).body.items;
      return items.length;
    })
    .toBeGreaterThanOrEqual(count);
  return items;
}

describe("POST /v1/responses", () => {
  let key: CreatedKey;
  beforeAll(async () => {
    key = await stack.createKey("responses");
  });

  test("responses.create: the answer; the provider's key goes upstream, never the client's; usage and cost counted", async () => {
    const response = await stack.client(key.key).responses.create(ask);
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe(STREAM_WORDS.join(""));
    expect(response.usage).toMatchObject({ input_tokens: INPUT_TOKENS, output_tokens: STREAM_WORDS.length, total_tokens: INPUT_TOKENS + STREAM_WORDS.length });
    const upstream = ownerOf(response.id);
    const received = upstream && posts(upstream).at(-1);
    expect(received?.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);
    expect(JSON.stringify(received?.headers)).not.toContain(key.key);
    expect(received?.body).toEqual(ask);
    const [log] = await logsOf(key.id, 1);
    expect(log).toMatchObject({ endpoint: "responses", model: MODEL, status: 200, stream: false, promptTokens: INPUT_TOKENS, completionTokens: STREAM_WORDS.length, totalTokens: INPUT_TOKENS + STREAM_WORDS.length });
    expect(log?.providerName).toBe(upstream === a ? "A" : "B");
    expect(log?.costUsd).toBeGreaterThan(0);
  });

  test("stream: the real event sequence passes through; no stream_options is added; streamed usage is counted", async () => {
    const stream = await stack.client(key.key).responses.create({ ...ask, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      ...STREAM_WORDS.map(() => "response.output_text.delta"),
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : []))).toEqual(STREAM_WORDS);
    const id = events[0]?.type === "response.created" ? events[0].response.id : "";
    const received = posts(ownerOf(id) as MockUpstream).at(-1);
    expect(received?.body).toEqual({ ...ask, stream: true });
    const logs = await logsOf(key.id, 2);
    expect(logs[0]).toMatchObject({ endpoint: "responses", stream: true, status: 200, promptTokens: INPUT_TOKENS, completionTokens: STREAM_WORDS.length });
    expect(logs[0]?.costUsd).toBeGreaterThan(0);
    // The stream's response.created told Keygate the id: it can be asked about at once.
    const retrieved = await stack.client(key.key).responses.retrieve(id);
    expect(retrieved.output_text).toBe(STREAM_WORDS.join(""));
  });

  test("stream with a tool: function_call_arguments deltas arrive intact, then the function call item", async () => {
    const stream = await stack.client(key.key).responses.create({ model: MODEL, input: "Weather in Paris?", tools: [weatherTool], stream: true });
    const deltas: string[] = [];
    let done: ResponseStreamEvent | undefined;
    let last: ResponseStreamEvent | undefined;
    for await (const event of stream) {
      if (event.type === "response.function_call_arguments.delta") deltas.push(event.delta);
      if (event.type === "response.function_call_arguments.done") done = event;
      last = event;
    }
    expect(deltas).toEqual(TOOL_ARGUMENT_PIECES);
    expect(JSON.parse(deltas.join(""))).toEqual(TOOL_ARGUMENTS);
    expect(done).toMatchObject({ name: "get_weather", arguments: JSON.stringify(TOOL_ARGUMENTS) });
    expect(last?.type).toBe("response.completed");
    const output = last?.type === "response.completed" ? last.response.output : [];
    expect(output).toEqual([expect.objectContaining({ type: "function_call", name: "get_weather", arguments: JSON.stringify(TOOL_ARGUMENTS) })]);
  });

  test("a provider's own error passes through in OpenAI's shape and is logged", async () => {
    const error = await apiError(stack.client(key.key).responses.create({ ...ask, model: "mock-error" }));
    expect(error.status).toBe(500);
    expect(error.error).toMatchObject({ code: "mock_failure" });
  });
});

describe("one response: retrieve, input items, cancel, delete", () => {
  let key: CreatedKey;
  beforeAll(async () => {
    key = await stack.createKey("responses by id");
  });

  test("each goes to the provider that made the response and is logged under its own name", async () => {
    const client = stack.client(key.key);
    const created = await client.responses.create(ask);
    const owner = ownerOf(created.id) as MockUpstream;
    const other = owner === a ? b : a;
    const otherBefore = other.received.length;

    const retrieved = await client.responses.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, status: "completed", output_text: STREAM_WORDS.join("") });

    const items = await client.responses.inputItems.list(created.id, { limit: 1, order: "asc" });
    expect(items.data).toEqual([expect.objectContaining({ type: "message", role: "user", content: [{ type: "input_text", text: ask.input }] })]);
    const listed = owner.received.at(-1);
    expect(listed?.method).toBe("GET");
    expect(new URL(listed?.url ?? "", "http://x").searchParams.toString()).toBe("limit=1&order=asc");
    expect(listed?.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);

    const cancelled = await client.responses.cancel(created.id);
    expect(cancelled.status).toBe("cancelled");
    expect(owner.received.at(-1)).toMatchObject({ method: "POST", url: `/v1/responses/${created.id}/cancel` });

    await client.responses.delete(created.id);
    expect(owner.received.at(-1)).toMatchObject({ method: "DELETE", url: `/v1/responses/${created.id}` });
    expect(other.received.length).toBe(otherBefore);

    // Deleted: the mapping is gone too, so Keygate answers 404 itself.
    const touched = touching(created.id);
    const gone = await apiError(client.responses.retrieve(created.id));
    expect(gone.status).toBe(404);
    expect(gone.error).toMatchObject({ type: "not_found_error", code: "not_found" });
    expect(touching(created.id)).toBe(touched);

    const logs = await logsOf(key.id, 6);
    const name = owner === a ? "A" : "B";
    expect(logs.slice(0, 6).map((l) => [l.endpoint, l.status, l.providerName])).toEqual([
      ["responses.get", 404, null],
      ["responses.delete", 200, name],
      ["responses.cancel", 200, name],
      ["responses.input_items", 200, name],
      ["responses.get", 200, name],
      ["responses", 200, name],
    ]);
    // Looking at a response again costs nothing.
    expect(logs[4]).toMatchObject({ totalTokens: null, model: MODEL });
  });

  test("previous_response_id goes to the provider that made that response, every time", async () => {
    const client = stack.client(key.key);
    const first = await client.responses.create(ask);
    const owner = ownerOf(first.id) as MockUpstream;
    // Plain requests alternate between the two providers; follow-ups never leave the owner.
    const plain = [await client.responses.create(ask), await client.responses.create(ask)].map((r) => ownerOf(r.id));
    expect(new Set(plain)).toEqual(new Set([a, b]));
    for (let i = 0; i < 4; i++) {
      const next = await client.responses.create({ model: MODEL, input: "And again", previous_response_id: first.id });
      expect(ownerOf(next.id)).toBe(owner);
      expect(posts(owner).at(-1)?.body).toMatchObject({ previous_response_id: first.id });
    }
    // The chain continues from a follow-up, streamed this time.
    const chained = await client.responses.create({ model: MODEL, input: "More", previous_response_id: first.id });
    const stream = await client.responses.create({ model: MODEL, input: "Stream it", previous_response_id: chained.id, stream: true });
    let last: ResponseStreamEvent | undefined;
    for await (const event of stream) last = event;
    expect(last?.type === "response.completed" && ownerOf(last.response.id)).toBe(owner);
  });

  test("an unknown previous_response_id: 404 in OpenAI's shape, never forwarded", async () => {
    const before = posts(a).length + posts(b).length;
    const error = await apiError(stack.client(key.key).responses.create({ ...ask, previous_response_id: "resp_unknown" }));
    expect(error.status).toBe(404);
    expect(error.error).toMatchObject({ type: "not_found_error", code: "not_found", param: "previous_response_id", message: expect.stringContaining("resp_unknown") });
    expect(posts(a).length + posts(b).length).toBe(before);
  });
});

describe("a response belongs to the key that made it", () => {
  test("another key's id is 404 not_found, as an unknown one, and never forwarded", async () => {
    const owner = await stack.createKey("owner");
    const stranger = await stack.createKey("stranger");
    const created = await stack.client(owner.key).responses.create(ask);
    const before = touching(created.id);
    const posted = posts(a).length + posts(b).length;
    const client = stack.client(stranger.key);
    const attempts = [
      () => client.responses.retrieve(created.id),
      () => client.responses.delete(created.id),
      () => client.responses.cancel(created.id),
      () => client.responses.inputItems.list(created.id),
      () => client.responses.create({ ...ask, previous_response_id: created.id }),
    ];
    for (const attempt of attempts) {
      const error = await apiError(attempt());
      expect(error.status).toBe(404);
      expect(error.error).toMatchObject({ type: "not_found_error", code: "not_found" });
    }
    const unknown = await apiError(client.responses.retrieve("resp_doesnotexist"));
    expect(unknown.error).toMatchObject({ type: "not_found_error", code: "not_found", message: "Response with id 'resp_doesnotexist' not found." });
    expect(touching(created.id)).toBe(before);
    expect(posts(a).length + posts(b).length).toBe(posted);
    // The owner still has it.
    expect((await stack.client(owner.key).responses.retrieve(created.id)).id).toBe(created.id);
  });
});

describe("Keygate's refusals in OpenAI's shape", () => {
  test("a disabled key: 401 api_key_disabled, for a new response and for an existing one", async () => {
    const key = await stack.createKey("to disable");
    const created = await stack.client(key.key).responses.create(ask);
    expect((await stack.admin(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    for (const attempt of [() => stack.client(key.key).responses.create(ask), () => stack.client(key.key).responses.retrieve(created.id)]) {
      const error = await apiError(attempt());
      expect(error.status).toBe(401);
      expect(error.error).toMatchObject({ type: "authentication_error", code: "api_key_disabled" });
    }
  });

  test("a rate limit (rpmLimit 1): the second response is 429 rate_limit_exceeded, not forwarded", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "one a minute", rpmLimit: 1 } });
    const client = stack.client(limited.body.key);
    const ok = await client.responses.create(ask).withResponse();
    expect(ok.response.headers.get("x-ratelimit-limit-requests")).toBe("1");
    const before = posts(a).length + posts(b).length;
    const error = await apiError(client.responses.create({ ...ask, stream: true }));
    expect(error.status).toBe(429);
    expect(error.error).toMatchObject({ code: "rate_limit_exceeded", message: expect.stringMatching(/Limit 1, Used 1/) });
    expect(posts(a).length + posts(b).length).toBe(before);
    const logs = await logsOf(limited.body.id, 2);
    expect(logs[0]).toMatchObject({ endpoint: "responses", status: 429, errorCode: "rate_limit_exceeded", stream: true });
  });

  test("a model the key may not use: 403 model_not_allowed", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "gpt-4 only", allowedModels: ["gpt-4"] } });
    const error = await apiError(stack.client(limited.body.key).responses.create(ask));
    expect(error.status).toBe(403);
    expect(error.error).toMatchObject({ type: "permission_error", code: "model_not_allowed" });
  });
});

describe("with authentication off", () => {
  test("responses belong to no key: asked about without a key, and hidden from every key", async () => {
    const key = await stack.createKey("after auth");
    expect((await stack.admin("/api/settings", { method: "PATCH", body: { authEnabled: false } })).status).toBe(200);
    try {
      const anonymous = stack.client(null);
      const created = await anonymous.responses.create(ask);
      expect((await anonymous.responses.retrieve(created.id)).id).toBe(created.id);
      const next = await anonymous.responses.create({ ...ask, previous_response_id: created.id });
      expect(ownerOf(next.id)).toBe(ownerOf(created.id));
      expect((await stack.admin("/api/settings", { method: "PATCH", body: { authEnabled: true } })).status).toBe(200);
      const error = await apiError(stack.client(key.key).responses.retrieve(created.id));
      expect(error.status).toBe(404);
    } finally {
      await stack.admin("/api/settings", { method: "PATCH", body: { authEnabled: true } });
    }
  });
});
