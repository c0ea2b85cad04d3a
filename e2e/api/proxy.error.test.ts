// What a client sees when something goes wrong: its own request, the route, or the upstream.
// Every error is OpenAI-shaped, so the official SDK turns it into a typed APIError.
import { connect } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MOCK_MODELS, STREAM_WORDS } from "../support/mock-upstream";
import { freePort } from "../support/server";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";
import { apiError } from "../support/sdk-errors";

const MAX_BODY_BYTES = 4096;

let stack: Stack;
let key: CreatedKey;
let openai: OpenAI;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
  key = await stack.createKey("errors");
  openai = stack.client(key.key);
  // `dead-model` is routed to a provider nobody listens on.
  const created = await stack.admin("/api/providers", {
    method: "POST",
    body: { name: "dead upstream", baseUrl: `http://127.0.0.1:${await freePort()}/v1`, allModels: false, models: ["dead-model"], priority: 0 },
  });
  if (created.status !== 201) throw new Error(`creating the dead provider failed: ${JSON.stringify(created.body)}`);
  // Only the dead provider serves it: the default one serves the mock's own models, not every model
  // (it would take over as the fallback).
  const { body } = await stack.admin<{ items: { id: string; name: string }[] }>("/api/providers");
  const catchAll = body.items.find((p) => p.name !== "dead upstream");
  await stack.admin(`/api/providers/${catchAll?.id}`, { method: "PATCH", body: { allModels: false, models: MOCK_MODELS } });
});

afterAll(async () => {
  await stack?.close();
});


async function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as ErrorBody, headers: response.headers };
}

const chat = (model: string) => ({ model, messages: [{ role: "user" as const, content: "hello" }] });

describe("the client's request", () => {
  test("malformed JSON is refused with 400 invalid_json", async () => {
    const { status, body } = await post("/v1/chat/completions", '{"model": "gpt-4", "messages": [');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_json" });
  });

  test.each([
    ["an array", "[1, 2]"],
    ["a string", '"gpt-4"'],
    ["null", "null"],
    ["nothing", ""],
  ])("a body that is %s is refused with 400 invalid_body", async (_, body) => {
    const result = await post("/v1/chat/completions", body);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("invalid_body");
  });

  test("a body without a model is refused with 400 missing_model", async () => {
    const error = await apiError(openai.chat.completions.create({ messages: [{ role: "user", content: "hi" }] } as never));
    expect(error.status).toBe(400);
    expect(error.code).toBe("missing_model");
    expect(error.param).toBe("model");
    expect(stack.upstream.received.some((r) => !(r.body as { model?: unknown }).model)).toBe(false);
  });

  test("a body over MAX_BODY_BYTES is refused with 413 body_too_large", async () => {
    const error = await apiError(openai.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "x".repeat(MAX_BODY_BYTES) }] }));
    expect(error.status).toBe(413);
    expect(error.code).toBe("body_too_large");
  });

  test("a chunked body (no Content-Length) over the limit is refused with 413 too", async () => {
    const payload = new TextEncoder().encode(JSON.stringify({ model: "gpt-4", input: "y".repeat(MAX_BODY_BYTES) }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < payload.length; i += 1000) controller.enqueue(payload.slice(i, i + 1000));
        controller.close();
      },
    });
    const response = await fetch(`${stack.server.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe("body_too_large");
  });

  test("an unknown model is 404 model_not_found", async () => {
    const error = await apiError(openai.models.retrieve("no-such-model"));
    expect(error.status).toBe(404);
    expect(error.code).toBe("model_not_found");
  });
});

describe("routes", () => {
  test.each([
    ["GET", "/v1/assistants"],
    ["POST", "/v1/fine_tuning/jobs"],
    ["DELETE", "/v1/files/file-123"],
  ])("%s %s (not proxied) is 404 not_found in OpenAI's shape", async (method, path) => {
    const response = await fetch(`${stack.server.url}${path}`, { method, headers: { authorization: `Bearer ${key.key}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: `Unknown endpoint: ${method} ${path}`, type: "not_found_error", param: null, code: "not_found" },
    });
  });

  test.each([
    ["GET", "/v1/chat/completions", "POST"],
    ["PUT", "/v1/embeddings", "POST"],
    ["POST", "/v1/models", "GET"],
    ["DELETE", "/v1/models/gpt-4", "GET"],
  ])("%s %s is 405 with Allow: %s", async (method, path, allowed) => {
    const response = await fetch(`${stack.server.url}${path}`, { method, headers: { authorization: `Bearer ${key.key}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allowed);
    expect(((await response.json()) as ErrorBody).error.code).toBe("method_not_allowed");
  });

  test("a path with a broken percent-escape is 400 invalid_path, not a plain-text 500", async () => {
    const response = await fetch(`${stack.server.url}/v1/models/%E0%A4%A`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_path");
  });
});

describe("the upstream", () => {
  test("an upstream nobody listens on is 502 upstream_unreachable", async () => {
    const error = await apiError(openai.chat.completions.create(chat("dead-model")));
    expect(error.status).toBe(502);
    expect(error.code).toBe("upstream_unreachable");
  });

  test("an upstream slower than UPSTREAM_TIMEOUT_MS is 504 upstream_timeout", async () => {
    const error = await apiError(openai.chat.completions.create(chat("mock-slow")));
    expect(error.status).toBe(504);
    expect(error.code).toBe("upstream_timeout");
  });

  test("an upstream 500 is passed through with its status and body", async () => {
    const response = await post("/v1/chat/completions", JSON.stringify(chat("mock-error")));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { message: "The mock upstream failed", type: "server_error", param: null, code: "mock_failure" } });
  });

  test("an upstream dying mid-stream ends the client's stream with an error", async () => {
    const stream = await openai.chat.completions.create({ ...chat("mock-break"), stream: true });
    const words: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) words.push(chunk.choices[0]?.delta.content ?? "");
    };
    await expect(consume()).rejects.toThrow(/failed in the middle of the response/);
    expect(words).toEqual(STREAM_WORDS.slice(0, 2));
  });
});

describe("the request log", () => {
  test("failed requests are logged with their status and error code", async () => {
    const failing = await stack.createKey("failures");
    const client = stack.client(failing.key);
    await client.chat.completions.create(chat("mock-error")).catch(() => undefined);
    await client.chat.completions.create(chat("mock-slow")).catch(() => undefined);
    await client.chat.completions.create(chat("dead-model")).catch(() => undefined);
    const broken = await client.chat.completions.create({ ...chat("mock-break"), stream: true });
    await (async () => {
      for await (const _ of broken) void _;
    })().catch(() => undefined);
    await client.embeddings.create({ input: "no model" } as never).catch(() => undefined);

    expect(await stack.waitForUsage(failing.id, 5)).toBe(5);
    const rows = await stack.inspectDb((query) =>
      query<{ model: string | null; status: number; errorCode: string }>(`SELECT model, status, "errorCode" FROM "RequestLog" WHERE "apiKeyId" = $1 ORDER BY id`, [failing.id]),
    );
    expect(rows).toEqual([
      { model: "mock-error", status: 500, errorCode: "mock_failure" },
      { model: "mock-slow", status: 504, errorCode: "upstream_timeout" },
      { model: "dead-model", status: 502, errorCode: "upstream_unreachable" },
      { model: "mock-break", status: 200, errorCode: "upstream_error" },
      { model: null, status: 400, errorCode: "missing_model" },
    ]);
  });
});

describe("a client that goes away", () => {
  test("aborting mid-stream aborts the upstream request and is logged as client_closed", async () => {
    const leaving = await stack.createKey("leaves early");
    const client = stack.client(leaving.key);
    const stream = await client.chat.completions.create({
      model: "gpt-4",
      messages: [{ role: "user", content: "tell me a long story" }],
      stream: true,
      metadata: { interval_ms: "300" },
    });
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta.content).toBe(STREAM_WORDS[0]);
      stream.controller.abort();
    }
    const upstreamRequest = stack.upstream.received.find((r) => (r.body as { messages?: { content: string }[] }).messages?.[0]?.content === "tell me a long story");
    expect(upstreamRequest).toBeDefined();
    await expect.poll(() => upstreamRequest?.aborted, { timeout: 15_000 }).toBe(true);

    expect(await stack.waitForUsage(leaving.id, 1)).toBe(1);
    const rows = await stack.inspectDb((query) =>
      query<{ status: number; errorCode: string; stream: boolean }>(`SELECT status, "errorCode", stream FROM "RequestLog" WHERE "apiKeyId" = $1`, [leaving.id]),
    );
    expect(rows).toEqual([{ status: 499, errorCode: "client_closed", stream: true }]);
  });

  test("a client that leaves mid-upload is logged as 499 client_closed, not as a server error", async () => {
    const leaver = await stack.createKey("leaves mid-upload");
    const printed = stack.server.output().length;
    const socket = connect(stack.server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${leaver.key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":"gpt-4","messages":[`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    expect(await stack.waitForUsage(leaver.id, 1)).toBe(1);
    const [row] = await stack.logsOf(leaver.id, 1);
    expect(row).toMatchObject({ status: 499, errorCode: "client_closed" });
    expect(stack.server.output().slice(printed)).not.toMatch(/internal_error|at readBody/);
  });

  test("aborting while the upstream has not answered yet cancels the upstream request too", async () => {
    const impatient = await stack.createKey("impatient");
    const controller = new AbortController();
    const request = stack.client(impatient.key).chat.completions.create(
      { model: "mock-slow", messages: [{ role: "user", content: "impatient request" }] },
      { signal: controller.signal },
    );
    await expect.poll(() => stack.upstream.received.some((r) => JSON.stringify(r.body).includes("impatient request")), { timeout: 15_000 }).toBe(true);
    controller.abort();
    await expect(request).rejects.toThrow(/abort/i);
    const upstreamRequest = stack.upstream.received.find((r) => JSON.stringify(r.body).includes("impatient request"));
    await expect.poll(() => upstreamRequest?.aborted, { timeout: 15_000 }).toBe(true);

    expect(await stack.waitForUsage(impatient.id, 1)).toBe(1);
    const rows = await stack.inspectDb((query) =>
      query<{ status: number; errorCode: string }>(`SELECT status, "errorCode" FROM "RequestLog" WHERE "apiKeyId" = $1`, [impatient.id]),
    );
    expect(rows).toEqual([{ status: 499, errorCode: "client_closed" }]);
  });
});
