import { describe, expect, test } from "vitest";
import { readJsonUsage, readUsage, SseEventTooLargeError, SseUsageTap } from "@/lib/proxy/usage-extract";

const encoder = new TextEncoder();

const content = (word: string) => `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: word } }], usage: null })}`;
const usageOnly = `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } })}`;
const done = "data: [DONE]";

function sse(events: string[], newline = "\n"): string {
  return events.map((e) => `${e}${newline}${newline}`).join("");
}

/** Feeds `text` to a tap in the given chunk sizes (bytes), returns what it passed on. */
function run(tap: SseUsageTap, text: string, chunkSize: number): string {
  const bytes = encoder.encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += chunkSize) out += tap.push(bytes.slice(i, i + chunkSize));
  return out + tap.end();
}

describe("SseUsageTap", () => {
  const stream = sse([content("Hello"), content(" world"), usageOnly, done]);

  test("a client that did not ask for usage gets everything but the usage-only chunk", () => {
    const tap = new SseUsageTap(false);
    expect(run(tap, stream, 1 << 16)).toBe(sse([content("Hello"), content(" world"), done]));
    expect(tap.usage).toEqual({ promptTokens: 7, completionTokens: 3, totalTokens: 10 });
  });

  test("a client that asked for usage gets the stream unchanged", () => {
    const tap = new SseUsageTap(true);
    expect(run(tap, stream, 1 << 16)).toBe(stream);
    expect(tap.usage).toEqual({ promptTokens: 7, completionTokens: 3, totalTokens: 10 });
  });

  test.each([1, 2, 3, 7, 64])("events split across chunks of %i bytes come out whole and in order", (size) => {
    const tap = new SseUsageTap(false);
    expect(run(tap, stream, size)).toBe(sse([content("Hello"), content(" world"), done]));
    expect(tap.usage?.totalTokens).toBe(10);
  });

  test("only complete events are passed on while a chunk is pending", () => {
    const tap = new SseUsageTap(false);
    const first = `${content("Hello")}\n\n`;
    expect(tap.push(encoder.encode(first + content(" wor").slice(0, 20)))).toBe(first);
    expect(tap.push(encoder.encode(content(" world").slice(20) + "\n\n"))).toBe(`${content(" world")}\n\n`);
  });

  test("CRLF line endings work, even with the blank line split across chunks", () => {
    const crlf = sse([content("Hi"), usageOnly, done], "\r\n");
    for (const size of [1, 5, 1 << 16]) {
      const tap = new SseUsageTap(false);
      expect(run(tap, crlf, size)).toBe(sse([content("Hi"), done], "\r\n"));
      expect(tap.usage?.promptTokens).toBe(7);
    }
  });

  test("multi-byte characters split between chunks are not mangled", () => {
    const text = sse([content("héllo 鍵 ✓"), done]);
    const tap = new SseUsageTap(false);
    expect(run(tap, text, 1)).toBe(text);
  });

  test("usage that arrives on a chunk with choices is read, and the chunk is kept", () => {
    const withChoices = `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 2 } })}`;
    const tap = new SseUsageTap(false);
    expect(run(tap, sse([withChoices, done]), 1 << 16)).toBe(sse([withChoices, done]));
    expect(tap.usage).toEqual({ promptTokens: 1, completionTokens: 2, totalTokens: 3 });
  });

  test("a last event without its blank line is still passed on", () => {
    const tap = new SseUsageTap(false);
    expect(run(tap, `${sse([content("a")])}${done}`, 1 << 16)).toBe(`${sse([content("a")])}${done}`);
  });

  test("comments, event names and unparsable data pass through untouched", () => {
    const odd = sse([": keep-alive", "event: ping\ndata: {}", 'data: {"usage": {broken', content("x")]);
    const tap = new SseUsageTap(false);
    expect(run(tap, odd, 3)).toBe(odd);
    expect(tap.usage).toBeNull();
  });

  test("a stream without usage leaves usage null", () => {
    const tap = new SseUsageTap(false);
    run(tap, sse([content("a"), done]), 1 << 16);
    expect(tap.usage).toBeNull();
  });
});

describe("readJsonUsage", () => {
  test("reads usage from a whole answer", () => {
    const body = JSON.stringify({ id: "x", choices: [], usage: { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 } });
    expect(readJsonUsage(encoder.encode(body))).toEqual({ usage: { promptTokens: 4, completionTokens: 5, totalTokens: 9 }, errorCode: null, errorMessage: null, id: "x" });
  });

  test("reads the usage at the end of an answer too large to parse whole", () => {
    const data = Array.from({ length: 3000 }, (_, index) => ({ object: "embedding", index, embedding: Array.from({ length: 200 }, () => 0.123456) }));
    const body = JSON.stringify({ object: "list", data, model: "m", usage: { prompt_tokens: 3000, total_tokens: 3000, details: { "a}": "\"}" } } });
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(readJsonUsage(encoder.encode(body)).usage).toEqual({ promptTokens: 3000, completionTokens: null, totalTokens: 3000 });
  });

  test("reads the error code of an error body", () => {
    expect(readJsonUsage(encoder.encode(JSON.stringify({ error: { message: "m", type: "server_error", code: "mock_failure" } })))).toEqual({
      usage: null,
      errorCode: "mock_failure",
      errorMessage: "m",
      id: null,
    });
    expect(readJsonUsage(encoder.encode(JSON.stringify({ error: { message: "m", type: "rate_limit_exceeded", code: null } }))).errorCode).toBe(
      "rate_limit_exceeded",
    );
  });

  test("a body that is not JSON, or nothing at all, gives no usage", () => {
    expect(readJsonUsage(encoder.encode("<html>bad gateway</html>"))).toEqual({ usage: null, errorCode: null, errorMessage: null, id: null });
    expect(readJsonUsage(new Uint8Array(0))).toEqual({ usage: null, errorCode: null, errorMessage: null, id: null });
  });
});

describe("SseUsageTap, Responses API", () => {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}`;
  const responseObject = (status: string, usage: object | null) => ({ id: "resp_abc", object: "response", status, output: [], usage });
  const usage = { input_tokens: 11, input_tokens_details: { cached_tokens: 4 }, output_tokens: 6, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 17 };
  const events = (final: string) =>
    sse([
      event("response.created", { sequence_number: 0, response: responseObject("in_progress", null) }),
      event("response.in_progress", { sequence_number: 1, response: responseObject("in_progress", null) }),
      // A delta whose text looks like a final event: never parsed as one.
      event("response.output_text.delta", { sequence_number: 2, item_id: "msg_1", output_index: 0, content_index: 0, delta: '"type":"response.completed" "usage":{"total_tokens":999}' }),
      event(final, { sequence_number: 3, response: responseObject(final.slice("response.".length), usage) }),
    ]);

  for (const final of ["response.completed", "response.incomplete", "response.failed"]) {
    test(`passes every event on, reads the id from response.created and usage from ${final}`, () => {
      for (const size of [1, 7, 1 << 16]) {
        const seen: string[] = [];
        const tap = new SseUsageTap(false, "responses", (id) => seen.push(id));
        expect(run(tap, events(final), size)).toBe(events(final));
        expect(tap.responseId).toBe("resp_abc");
        expect(seen).toEqual(["resp_abc"]);
        expect(tap.usage).toEqual({ promptTokens: 11, completionTokens: 6, totalTokens: 17 });
      }
    });
  }

  test("a stream cut before its final event has an id but no usage", () => {
    const text = sse([event("response.created", { sequence_number: 0, response: responseObject("in_progress", null) })]);
    const tap = new SseUsageTap(false, "responses");
    expect(run(tap, text, 5)).toBe(text);
    expect(tap.responseId).toBe("resp_abc");
    expect(tap.usage).toBeNull();
  });

  test("a whole Responses answer: its id and usage", () => {
    const body = JSON.stringify({ ...responseObject("completed", usage), error: null, incomplete_details: null });
    expect(readJsonUsage(encoder.encode(body))).toEqual({ usage: { promptTokens: 11, completionTokens: 6, totalTokens: 17 }, errorCode: null, errorMessage: null, id: "resp_abc" });
  });
});

describe("readUsage", () => {
  test("drops numbers that no token count can be (negative, or too large to store)", () => {
    expect(readUsage({ prompt_tokens: -1, completion_tokens: 1e12, total_tokens: 2 ** 31 })).toEqual({ promptTokens: null, completionTokens: null, totalTokens: null });
    expect(readUsage({ prompt_tokens: 2 ** 31 - 1, completion_tokens: 0 })).toEqual({ promptTokens: 2 ** 31 - 1, completionTokens: 0, totalTokens: 2 ** 31 - 1 });
  });

  test("computes a missing total and ignores non-numbers", () => {
    expect(readUsage({ prompt_tokens: 3 })).toEqual({ promptTokens: 3, completionTokens: null, totalTokens: 3 });
    expect(readUsage({ prompt_tokens: "3", total_tokens: 5 })).toEqual({ promptTokens: null, completionTokens: null, totalTokens: 5 });
    expect(readUsage({})).toEqual({ promptTokens: null, completionTokens: null, totalTokens: null });
    expect(readUsage(null)).toBeNull();
    expect(readUsage("usage")).toBeNull();
  });
});

describe("SseUsageTap: size cap and linear time", () => {
  const big = (bytes: number) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "x".repeat(bytes) } }] })}\n\n`;

  test("an event over the cap throws SseEventTooLargeError, whether it comes in one chunk or many", () => {
    for (const size of [1 << 10, 1 << 20]) {
      const tap = new SseUsageTap(false, "openai", undefined, 64 * 1024);
      expect(() => run(tap, big(100 * 1024), size)).toThrow(SseEventTooLargeError);
    }
  });

  test("the cap throws while the event is still arriving, before its end is seen", () => {
    const tap = new SseUsageTap(false, "openai", undefined, 1000);
    expect(tap.push(encoder.encode(`data: {"a":"${"x".repeat(900)}`))).toBe("");
    expect(() => tap.push(encoder.encode("x".repeat(200)))).toThrow(/larger than 1000 bytes/);
  });

  test("events up to the cap pass unchanged, and the cap is per event, not per stream", () => {
    const event = big(1000);
    const cap = Buffer.byteLength(event);
    const tap = new SseUsageTap(true, "openai", undefined, cap);
    const stream = event.repeat(50) + sse([usageOnly, done]);
    expect(run(tap, stream, 333)).toBe(stream);
    expect(tap.usage?.totalTokens).toBe(10);
    expect(() => run(new SseUsageTap(true, "openai", undefined, cap - 1), event, 333)).toThrow(SseEventTooLargeError);
  });

  test("an event split at its trailing blank line (CRLF) still ends there", () => {
    const tap = new SseUsageTap(true);
    expect(tap.push(encoder.encode(`${content("a")}\r\n\r`))).toBe("");
    expect(tap.push(encoder.encode("\n"))).toBe(`${content("a")}\r\n\r\n`);
  });

  test("the text left without a trailing blank line counts against the cap at the end", () => {
    const tap = new SseUsageTap(true, "openai", undefined, 100);
    tap.push(encoder.encode("x".repeat(60)));
    tap.push(encoder.encode("x".repeat(30)));
    expect(() => tap.push(encoder.encode("x".repeat(30)))).toThrow(SseEventTooLargeError);
  });

  // Counts the characters regular expressions look at while the tap works (test() and split() go
  // through RegExp.prototype.exec too). Linear means each byte is looked at a bounded number of
  // times however small the chunks; re-scanning the whole buffer for every chunk (the old tap: an
  // 8 MB event in ~1 KiB chunks looked at ~30 GB) fails this by orders of magnitude.
  test("one 8 MB event in 1-byte-to-1-KiB chunks is scanned a bounded number of times per byte", () => {
    let scanned = 0;
    const exec = RegExp.prototype.exec;
    RegExp.prototype.exec = function (this: RegExp, s: string) {
      scanned += s.length - (this.global || this.sticky ? this.lastIndex : 0);
      return exec.call(this, s);
    };
    try {
      const event = big(8 * 1024 * 1024);
      const bytes = encoder.encode(event);
      const tap = new SseUsageTap(true, "openai", undefined, 16 * 1024 * 1024);
      let out = "";
      for (let i = 0, n = 0; i < bytes.length; n++) {
        const size = 1 + ((n * 7919) % 1024);
        out += tap.push(bytes.subarray(i, i + size));
        i += size;
      }
      out += tap.end();
      expect(out.length).toBe(event.length);
      expect(out === event).toBe(true);
      expect(scanned).toBeLessThan(bytes.length * 4);
    } finally {
      RegExp.prototype.exec = exec;
    }
  });
});
