import { describe, expect, test } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { MAX_JSON_DEPTH, nestedDeeperThan, parseJsonBody, readBody } from "@/lib/proxy/body";

const encoder = new TextEncoder();

function streamOf(chunks: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: onCancel,
  });
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/v1/chat/completions", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
  return "ok";
}

describe("readBody", () => {
  test("reads the whole body, however it is chunked", async () => {
    const parts = ['{"model":', '"gpt-4",', '"messages":[]}'].map((p) => encoder.encode(p));
    const raw = await readBody(post(streamOf(parts)), 1000);
    expect(Buffer.from(raw).toString()).toBe('{"model":"gpt-4","messages":[]}');
  });

  test("a body of exactly the limit is accepted", async () => {
    const raw = await readBody(post("x".repeat(100)), 100);
    expect(raw.byteLength).toBe(100);
  });

  test("a declared Content-Length over the limit is refused before reading", async () => {
    // A body that never ends: reading it would hang.
    const request = post(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) }), { "content-length": "101" });
    expect(await codeOf(readBody(request, 100))).toBe("413 body_too_large");
    expect(request.bodyUsed).toBe(false);
  });

  test("a body without Content-Length is cut off as soon as it passes the limit", async () => {
    let cancelled = false;
    const chunks = Array.from({ length: 10 }, () => encoder.encode("y".repeat(40)));
    expect(await codeOf(readBody(post(streamOf(chunks, () => (cancelled = true))), 100))).toBe("413 body_too_large");
    expect(cancelled).toBe(true);
  });

  test("the limit counts bytes, not characters", async () => {
    expect(await codeOf(readBody(post("é".repeat(60)), 100))).toBe("413 body_too_large");
  });

  test("no body is an empty buffer", async () => {
    expect((await readBody(post(null), 100)).byteLength).toBe(0);
  });
});

describe("parseJsonBody", () => {
  test("returns the raw bytes untouched, the object and the model", () => {
    const raw = encoder.encode('{ "model" : "gpt-4", "temperature": 0.5, "extra": {"kept": true} }');
    const body = parseJsonBody(raw);
    expect(body.raw).toBe(raw);
    expect(body.model).toBe("gpt-4");
    expect(body.json).toEqual({ model: "gpt-4", temperature: 0.5, extra: { kept: true } });
  });

  test("works on a view into a larger buffer", () => {
    const whole = encoder.encode('xxxx{"model":"m"}yyyy');
    expect(parseJsonBody(whole.subarray(4, whole.length - 4)).model).toBe("m");
  });

  test.each([
    ["malformed JSON", '{"model": "gpt-4",', "400 invalid_json"],
    ["truncated JSON", '{"model', "400 invalid_json"],
    ["an empty body", "", "400 invalid_body"],
    ["an array", '[{"model":"gpt-4"}]', "400 invalid_body"],
    ["a string", '"gpt-4"', "400 invalid_body"],
    ["a number", "42", "400 invalid_body"],
    ["null", "null", "400 invalid_body"],
    ["no model", '{"messages":[]}', "400 missing_model"],
    ["an empty model", '{"model":"  "}', "400 missing_model"],
    ["a model that is not a string", '{"model":4}', "400 missing_model"],
  ])("%s is %s", async (_, text, expected) => {
    expect(await codeOf(() => parseJsonBody(encoder.encode(text)))).toBe(expected);
  });

  test("missing_model names the `model` parameter", () => {
    try {
      parseJsonBody(encoder.encode("{}"));
      expect.unreachable();
    } catch (error) {
      expect((error as ApiError).param).toBe("model");
    }
  });
});

describe("nesting depth", () => {
  const nested = (depth: number, inner = "1") => `{"model":"gpt-4","x":${"[".repeat(depth)}${inner}${"]".repeat(depth)}}`;
  const bytes = (text: string) => new TextEncoder().encode(text);

  test("a body nested deeper than the limit is refused before anything serialises it again", () => {
    expect(() => parseJsonBody(bytes(nested(100_000)))).toThrow(expect.objectContaining({ code: "invalid_body", message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) }));
  });

  test("at the limit it is taken; brackets inside strings (escaped quotes included) do not count", () => {
    expect(parseJsonBody(bytes(nested(MAX_JSON_DEPTH - 1))).model).toBe("gpt-4");
    const text = `{"model":"gpt-4","content":"${"[{".repeat(1000)} \\" ${"[".repeat(500)}"}`;
    expect(nestedDeeperThan(bytes(text), 2)).toBe(false);
    expect(nestedDeeperThan(bytes(nested(3)), 3)).toBe(true);
  });
});
