import { describe, expect, test } from "vitest";
import { BODY_SOURCE, bytesResponse, streamResponse, WHOLE_BODY, type ChunkSource } from "./response";

const encoder = new TextEncoder();

function source(chunks: string[]): ChunkSource & { cancelled: boolean } {
  const queue = [...chunks];
  return {
    cancelled: false,
    async next() {
      const chunk = queue.shift();
      return chunk === undefined ? null : encoder.encode(chunk);
    },
    cancel() {
      this.cancelled = true;
    },
  };
}

describe("bytesResponse", () => {
  test("through Next: a real Response with its length", async () => {
    const response = bytesResponse(encoder.encode('{"a":1}'), { status: 201, headers: new Headers({ "content-type": "application/json" }) }, false);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.headers.get("content-length")).toBe("7");
    expect(await response.json()).toEqual({ a: 1 });
  });

  test("on the lean path: the bytes for the server, and the readers the handlers use", async () => {
    const bytes = encoder.encode('{"error":{"code":"x"}}');
    const response = bytesResponse(bytes, { status: 400, headers: new Headers() }, true);
    expect(response).not.toBeInstanceOf(Response);
    expect((response as unknown as Record<symbol, unknown>)[WHOLE_BODY]).toBe(bytes);
    expect(response.ok).toBe(false);
    expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(await response.json()).toEqual({ error: { code: "x" } });
  });
});

describe("streamResponse", () => {
  test("through Next: a Web stream that pulls from the source only when read", async () => {
    const chunks = source(["data: 1\n\n", "data: 2\n\n"]);
    const response = streamResponse(chunks, { status: 200, headers: new Headers() }, false);
    expect(await response.text()).toBe("data: 1\n\ndata: 2\n\n");
  });

  test("through Next: cancelling the body cancels the source", async () => {
    const chunks = source(["data: 1\n\n", "data: 2\n\n"]);
    const response = streamResponse(chunks, { status: 200, headers: new Headers() }, false);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(chunks.cancelled).toBe(true);
  });

  test("on the lean path: the source itself, readable as text too", async () => {
    const chunks = source(["a", "b"]);
    const response = streamResponse(chunks, { status: 200, headers: new Headers() }, true);
    expect((response as unknown as Record<symbol, unknown>)[BODY_SOURCE]).toBe(chunks);
    expect(await response.text()).toBe("ab");
  });
});
