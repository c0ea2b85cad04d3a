// An upstream that fails the ways networks and providers do: reset before its first byte, reset in
// the middle of a stream, silent before or after its first byte, one stream event of 32 MB. The
// client always gets an answer in its own protocol (a documented 502/504, or an error event ending
// its stream), never a hang; the request log says what happened and counts the usage known so far.
// (Fallback between providers: routing.test.ts; an OpenAI stream dying midway: proxy.error.test.ts.)
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { countAnthropicTokens, STREAM_WORDS } from "../support/mock-upstream";
import { anthropicError, apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const CLAUDE = "claude-sonnet-4-20250514";
const CLAUDE_BREAK = "claude-break";

let stack: Stack;
let key: CreatedKey;

beforeAll(async () => {
  // The stack's UPSTREAM_TIMEOUT_MS is 1000: a silent upstream is given up on after a second.
  stack = await startStack();
  key = await stack.createKey("faults");
  const created = await stack.admin("/api/providers", {
    method: "POST",
    body: { name: "Anthropic (mock)", kind: "anthropic", baseUrl: stack.upstream.url.replace(/\/v1$/, ""), apiKey: stack.upstreamKey, allModels: false, models: [CLAUDE, CLAUDE_BREAK] },
  });
  if (created.status !== 201) throw new Error(`creating the Anthropic provider failed: ${JSON.stringify(created.body)}`);
});

afterEach(() => stack.upstream.setFault(null));

afterAll(async () => {
  await stack?.close();
});

const hello = { model: "gpt-4", messages: [{ role: "user" as const, content: "hello there" }] };
const ask = { model: CLAUDE, max_tokens: 64, messages: [{ role: "user" as const, content: "say hello to everyone" }] };
const anthropic = () => new Anthropic({ baseURL: stack.server.url, apiKey: key.key, maxRetries: 0, timeout: 20_000 });

/** The log rows of this file's key so far, newest first, once there are `count`. */
async function newestLog(count: number) {
  const rows = await stack.logsOf(key.id, count);
  return rows[0];
}

let logged = 0;
/** The newest log row, after one more request was made. */
const nextLog = () => newestLog(++logged);

/** Reads an OpenAI stream to its end: the words it carried, and the error that ended it (if any). */
async function readStream(stream: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>) {
  const words: string[] = [];
  try {
    for await (const chunk of stream) words.push(chunk.choices[0]?.delta.content ?? "");
    return { words, error: null };
  } catch (error) {
    return { words, error: error as Error & { code?: string } };
  }
}

describe("an upstream that resets", () => {
  test("before its first byte, on a stream: 502 upstream_unreachable, logged as such", async () => {
    stack.upstream.setFault({ reset: true });
    const error = await apiError(stack.client(key.key).chat.completions.create({ ...hello, stream: true }));
    expect(error.status).toBe(502);
    expect(error.code).toBe("upstream_unreachable");
    expect(await nextLog()).toMatchObject({ status: 502, errorCode: "upstream_unreachable", stream: true, totalTokens: null });
  });

  test("before its first byte, to an Anthropic client: 502 in Anthropic's error shape", async () => {
    stack.upstream.setFault({ reset: true });
    const error = await anthropicError(anthropic().messages.create({ ...ask, stream: true }));
    expect(error.status).toBe(502);
    expect(error.error).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect(await nextLog()).toMatchObject({ status: 502, errorCode: "upstream_unreachable", endpoint: "messages" });
  });

  test("in the middle of an Anthropic stream: an error event ends it, and the input tokens already reported are counted", async () => {
    const stream = anthropic().messages.stream({ ...ask, model: CLAUDE_BREAK });
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toThrow(/failed in the middle of the response/);
    expect(texts).toEqual(STREAM_WORDS.slice(0, 2));
    const row = await nextLog();
    expect(row).toMatchObject({ status: 200, errorCode: "upstream_error", stream: true, model: CLAUDE_BREAK });
    // message_start said how many input tokens the prompt had: that much is known and counted.
    expect(row?.promptTokens).toBe(countAnthropicTokens(ask));
  });
});

describe("an upstream that goes silent", () => {
  test("before its headers, on a stream: 504 upstream_timeout after UPSTREAM_TIMEOUT_MS, not a hang", async () => {
    stack.upstream.setFault({ delayMs: 5000 });
    const error = await apiError(stack.client(key.key).chat.completions.create({ ...hello, stream: true }));
    expect(error.status).toBe(504);
    expect(error.code).toBe("upstream_timeout");
    expect(await nextLog()).toMatchObject({ status: 504, errorCode: "upstream_timeout", stream: true });
  });

  test("after two chunks: the stream ends with an upstream_timeout error event, logged", async () => {
    const stream = await stack.client(key.key).chat.completions.create({ ...hello, stream: true, metadata: { stall_after: "2" } });
    const { words, error } = await readStream(stream);
    expect(words).toEqual(STREAM_WORDS.slice(0, 2));
    expect(error?.message).toMatch(/did not answer in time/);
    expect(await nextLog()).toMatchObject({ status: 200, errorCode: "upstream_timeout", stream: true });
  });
});

describe("an upstream that sends one 32 MB event", () => {
  test("the stream ends with upstream_event_too_large, the upstream is cut off, and other clients are answered meanwhile", async () => {
    const other = await stack.createKey("bystander");
    const huge = stack.client(key.key).chat.completions.create({ ...hello, stream: true, metadata: { huge_event_bytes: String(32 * 1024 * 1024) } });
    const bystander = stack.client(other.key);
    // Started together with the huge stream: each is answered in full.
    const others = Promise.all(Array.from({ length: 5 }, () => bystander.chat.completions.create(hello)));
    const { words, error } = await readStream(await huge);
    expect(words).toEqual(STREAM_WORDS.slice(0, 1));
    expect(error?.message).toMatch(/larger than 1048576 bytes/);
    for (const answer of await others) expect(answer.choices[0]?.message.content).toBe(STREAM_WORDS.join(""));
    // The key was created above: this file's key counts its own rows only.
    expect(await nextLog()).toMatchObject({ status: 200, errorCode: "upstream_event_too_large", stream: true });
    // The upstream was disconnected, not read to its end.
    const sent = stack.upstream.received.filter((r) => (r.body as { metadata?: { huge_event_bytes?: string } } | null)?.metadata?.huge_event_bytes);
    await expect.poll(() => sent.at(-1)?.aborted, { timeout: 5000 }).toBe(true);
  });
});
