/** Helpers for the protocol tests: fixtures, byte streams cut at odd places, and a local SSE server. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseAnthropicSse } from "@/lib/protocols/anthropic/sse";
import { chatEventsToAnthropic } from "@/lib/protocols/anthropic/stream-from-chat";
import { anthropicEventsToChat } from "@/lib/protocols/anthropic/stream-to-chat";
import type { AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import { parseChatSse } from "@/lib/protocols/openai/sse";
import type { ChatStreamItem } from "@/lib/protocols/openai/types";

export const FIXTURES = path.join(__dirname, "fixtures");

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

/** The text as a byte stream cut every `size` bytes, mid-line and mid-character included. */
export async function* bytes(text: string, size = 37): AsyncGenerator<Uint8Array> {
  const all = new TextEncoder().encode(text);
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

export function golden(name: string): string {
  return path.join(FIXTURES, name);
}

/**
 * Golden files: `UPDATE_GOLDEN=1 npx vitest run --project unit lib/protocols` rewrites every
 * `*.expected.*` file from what the code produces now (read the diff before committing it);
 * otherwise the output must equal the file, and a missing file fails.
 */
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

export function expectGolden(name: string, actual: string): void {
  const file = golden(name);
  if (UPDATE_GOLDEN) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`Golden file ${name} is missing: run with UPDATE_GOLDEN=1 to write it`);
  expect(actual, `golden file ${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, "utf8"));
}

export function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export interface LocalServer {
  url: string;
  requests: { url: string; body: unknown }[];
  close(): Promise<void>;
}

/**
 * A server on 127.0.0.1 (random port) that answers every POST with `body`, as SSE when it is an
 * array of strings, as JSON otherwise; it records each request's path and JSON body.
 */
export async function serve(body: string[] | object): Promise<LocalServer> {
  const requests: LocalServer["requests"] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", async () => {
      requests.push({ url: req.url ?? "", body: raw ? JSON.parse(raw) : null });
      if (!Array.isArray(body)) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (const piece of body) {
        res.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The recorded upstream streams, by name without `.sse`. */
export const CHAT_FIXTURES = [
  "chat-stream-text",
  "chat-stream-tool-call",
  "chat-stream-text-then-parallel-tool-calls",
  "chat-stream-error-midway",
  "chat-stream-length-without-usage",
  "chat-stream-reasoning-content",
  "chat-stream-whole-tool-calls-on-one-index",
  "chat-stream-null-tool-fields",
  "chat-stream-error-first",
] as const;

export const ANTHROPIC_FIXTURES = [
  "anthropic-stream-text",
  "anthropic-stream-tool-use",
  "anthropic-stream-thinking",
  "anthropic-stream-error-midway",
  "anthropic-stream-web-search-citations",
  "anthropic-stream-error-first",
] as const;

export const TEST_MODEL = "claude-sonnet-4-5";
export const CREATED = 1764662400;

/** A recorded chat stream, read as bytes cut at odd places, translated for a /v1/messages client. */
export function translateChatFixture(name: string): Promise<AnthropicStreamEvent[]> {
  return collect(chatEventsToAnthropic(parseChatSse(bytes(fixture(name))), { model: TEST_MODEL }));
}

export function translateAnthropicFixture(name: string): Promise<ChatStreamItem[]> {
  return collect(anthropicEventsToChat(parseAnthropicSse(bytes(fixture(name))), { includeUsage: true, created: CREATED }));
}
