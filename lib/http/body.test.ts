import { describe, expect, test } from "vitest";
import { hasBody, jsonTooDeep, MAX_JSON_DEPTH, mediaType, readJsonBody } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/keys", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe("readJsonBody", () => {
  test("parses a JSON body", async () => {
    expect(await readJsonBody(post('{"name":"a","n":[1,2]}'))).toEqual({ name: "a", n: [1, 2] });
  });

  test("an empty body is 400 invalid_body, or {} when optional", async () => {
    expect(await outcome(readJsonBody(post("")))).toBe("400 invalid_body");
    expect(await outcome(readJsonBody(post("  \n")))).toBe("400 invalid_body");
    expect(await readJsonBody(post(""), { optional: true })).toEqual({});
    expect(await readJsonBody(post(null), { optional: true })).toEqual({});
  });

  test("broken JSON is 400 invalid_json", async () => {
    expect(await outcome(readJsonBody(post('{"name":')))).toBe("400 invalid_json");
    expect(await outcome(readJsonBody(post("\u0000")))).toBe("400 invalid_json");
  });

  test("over the limit is 413 body_too_large, declared or streamed, and the stream is not read on", async () => {
    expect(await outcome(readJsonBody(post("x".repeat(11)), { limit: 10 }))).toBe("413 body_too_large");
    const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
    expect(await outcome(readJsonBody(post(never, { "content-length": "2000000" })))).toBe("413 body_too_large");
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    expect(await outcome(readJsonBody(post(endless)))).toBe("413 body_too_large");
    // 1 MiB in 64 KiB chunks: it stopped right after the limit (plus what the stream buffered ahead).
    expect(pulled).toBeLessThan(20);
  });
});

describe("mediaType and hasBody", () => {
  test("the media type without parameters, lower-cased", () => {
    expect(mediaType(post("{}", { "content-type": "Application/JSON; charset=utf-8" }))).toBe("application/json");
    expect(mediaType(new Request("http://localhost/", { method: "DELETE" }))).toBe("");
  });

  test("a body is announced by Content-Length or Transfer-Encoding", () => {
    expect(hasBody(new Request("http://localhost/", { method: "POST", headers: { "content-length": "0" } }))).toBe(false);
    expect(hasBody(new Request("http://localhost/", { method: "POST", headers: { "content-length": "2" } }))).toBe(true);
    expect(hasBody(new Request("http://localhost/", { method: "POST", headers: { "transfer-encoding": "chunked" } }))).toBe(true);
  });
});

describe("jsonTooDeep", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const nest = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

  test("counts objects and arrays, up to the limit and one past it", () => {
    expect(jsonTooDeep(bytes(nest(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonTooDeep(bytes(nest(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonTooDeep(bytes(`${'{"a":'.repeat(MAX_JSON_DEPTH)}1${"}".repeat(MAX_JSON_DEPTH)}`))).toBe(false);
    expect(jsonTooDeep(bytes(`${'{"a":['.repeat(70)}1${"]}".repeat(70)}`))).toBe(true);
  });

  test("brackets inside strings, escaped quotes included, do not count", () => {
    expect(jsonTooDeep(bytes(JSON.stringify({ text: "[".repeat(10_000) })))).toBe(false);
    expect(jsonTooDeep(bytes(JSON.stringify({ text: `\\"${"{".repeat(500)}` })))).toBe(false);
    expect(jsonTooDeep(bytes(`["\\\\", ${nest(MAX_JSON_DEPTH)}]`))).toBe(true);
  });

  test("siblings do not add up", () => {
    expect(jsonTooDeep(bytes(JSON.stringify(Array.from({ length: 1000 }, () => [[[1]]]))))).toBe(false);
  });

  test("readJsonBody refuses deep nesting as 400 invalid_body", async () => {
    expect(await outcome(readJsonBody(post(nest(20_000))))).toBe("400 invalid_body");
  });
});
