// What the server itself answers, before or around the route handlers, on whichever /v1 path this
// run uses (the lean path by default, Next.js with KEYGATE_TEST_V1=next): methods no route serves,
// requests Node's HTTP parser refuses, OPTIONS/HEAD, bodies over the limit, and the peer address the
// IP allowlists see. Every answer is in the API's error shape.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { V1_PATH } from "../support/server";
import { startStack, type ErrorBody, type Stack } from "../support/stack";

let stack: Stack;
let key: string;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_BODY_BYTES: "4096" } });
  key = (await stack.createKey("server layer")).key;
});

afterAll(async () => {
  await stack?.close();
});

/** Sends raw bytes and returns everything the server wrote back before closing (or after `waitMs`). */
function raw(bytes: string, waitMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(stack.server.port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(text));
    setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, waitMs);
  });
}

function parseRaw(text: string): { status: number; headers: string; body: ErrorBody } {
  const [head = "", body = ""] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), headers: head.toLowerCase(), body: JSON.parse(body) as ErrorBody };
}

test("the server says which /v1 path it serves, and this run uses the one it asked for", () => {
  const ready = /\[keygate\] ready on \S+ \(dashboard \/, proxy \/v1( through Next\.js)?\)/.exec(stack.server.output());
  expect(ready).not.toBeNull();
  expect(ready?.[1] ? "next" : "lean").toBe(V1_PATH);
});

describe("methods", () => {
  for (const [method, path] of [
    ["PROPFIND", "/"],
    ["PROPFIND", "/v1/models"],
    ["TRACE", "/v1/chat/completions"],
    ["MKCOL", "/api/keys"],
  ] as const) {
    test(`${method} ${path}: 405 in the error shape`, async () => {
      // fetch refuses to send TRACE: the request is written by hand.
      const { status, headers, body } = parseRaw(await raw(`${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      expect(status).toBe(405);
      expect(headers).toContain("allow: get, head, options, post, put, delete, patch");
      expect(body.error.code).toBe("method_not_allowed");
    });
  }

  test("a method a /v1 route does not serve: 405 with what it does serve", async () => {
    const response = await fetch(`${stack.server.url}/v1/chat/completions`, { method: "GET", headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(405);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ code: "method_not_allowed", message: expect.stringContaining("use POST") });
  });

  test("a method an /api route does not export: 405 in the error shape with the route's methods", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/api/health", "GET"],
      ["DELETE", "/api/keys", "GET, POST"],
    ] as const) {
      const response = await fetch(`${stack.server.url}${path}`, { method, headers: { authorization: `Bearer ${stack.adminToken}` } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(((await response.json()) as ErrorBody).error.code).toBe("method_not_allowed");
    }
  });

  test("OPTIONS lists the route's methods; HEAD answers like GET without a body", async () => {
    const options = await fetch(`${stack.server.url}/v1/models`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    const head = await fetch(`${stack.server.url}/v1/models`, { method: "HEAD", headers: { authorization: `Bearer ${key}` } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });
});

describe("requests Node's parser refuses", () => {
  test("a malformed request line: 400 bad_request in the error shape, connection closed", async () => {
    const { status, headers, body } = parseRaw(await raw("NOT HTTP AT ALL\r\n\r\n"));
    expect(status).toBe(400);
    expect(headers).toContain("connection: close");
    expect(body.error.code).toBe("bad_request");
  });

  test("headers over the size limit: 431 headers_too_large", async () => {
    const { status, body } = parseRaw(await raw(`GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`));
    expect(status).toBe(431);
    expect(body.error.code).toBe("headers_too_large");
  });

  test("an invalid header byte: 400 bad_request", async () => {
    const { status, body } = parseRaw(await raw("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Bad\u0001: y\r\n\r\n"));
    expect(status).toBe(400);
    expect(body.error.code).toBe("bad_request");
  });
});

describe("/v1 edges", () => {
  test("a broken percent-escape and an absolute-form target stay on this origin", async () => {
    const escape = parseRaw(await raw("GET /v1/models/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    expect(escape.status).toBe(400);
    expect(escape.body.error.code).toBe("invalid_path");
    const absolute = await raw(`GET http://evil.example/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`);
    expect(absolute).toMatch(/^HTTP\/1\.1 200 /);
    expect(absolute.toLowerCase()).not.toContain("evil.example");
  });

  test("deeply nested JSON on a streaming request: 400 invalid_body, nothing forwarded", async () => {
    const before = stack.upstream.received.length;
    const depth = 1500;
    const response = await fetch(`${stack.server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: `{"model":"gpt-4","stream":true,"messages":[{"role":"user","content":"x"}],"x":${"[".repeat(depth)}${"]".repeat(depth)}}`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ code: "invalid_body", message: expect.stringContaining("deeper than") });
    expect(stack.upstream.received.length).toBe(before);
  });

  test("a body over MAX_BODY_BYTES: 413, nothing forwarded", async () => {
    const before = stack.upstream.received.length;
    const response = await fetch(`${stack.server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4", messages: [{ role: "user", content: "x".repeat(10_000) }] }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe("body_too_large");
    expect(stack.upstream.received.length).toBe(before);
  });

  test("a whole answer comes whole; on the lean path with its length (one write, not chunked)", async () => {
    const body = JSON.stringify({ model: "gpt-4", messages: [{ role: "user", content: "hi" }] });
    const answer = await raw(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    const [head = "", rest = ""] = answer.split("\r\n\r\n");
    const text = head.toLowerCase().includes("transfer-encoding: chunked") ? dechunk(rest) : rest;
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    // Next.js sends its route handlers' answers chunked whatever their headers say.
    if (V1_PATH === "lean") expect(head.toLowerCase()).toContain(`content-length: ${Buffer.byteLength(text)}`);
    expect(JSON.parse(text)).toMatchObject({ object: "chat.completion" });
  });

  test("a client's own x-keygate-peer header is never believed for IP allowlists", async () => {
    const { body: limited } = await stack.admin<{ key: string }>("/api/keys", { method: "POST", body: { name: "office only", allowedIps: ["10.0.0.0/8"] } });
    const response = await fetch(`${stack.server.url}/v1/models`, { headers: { authorization: `Bearer ${limited.key}`, "x-keygate-peer": "10.1.2.3" } });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("ip_not_allowed");
  });
});

/** The payload of a chunked body. */
function dechunk(body: string): string {
  let out = "";
  for (let rest = body; ; ) {
    const line = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, line), 16);
    if (!size) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
