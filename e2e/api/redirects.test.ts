// No answer sends a client off our origin: absolute-form request targets (meant for forward
// proxies) and `//host` paths are served as paths on this server, never redirected to that host.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Sends one raw request line (what `fetch` cannot send) and returns the status and headers. */
async function raw(method: string, target: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const socket = connect(stack.server.port, "127.0.0.1");
  socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${stack.server.port}\r\nConnection: close\r\n\r\n`);
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
  await new Promise<void>((resolve, reject) => {
    socket.once("close", () => resolve());
    socket.once("error", reject);
  });
  const [head = "", body = ""] = text.split("\r\n\r\n", 2);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

function staysHome(location: string | undefined): void {
  if (location === undefined) return;
  const resolved = new URL(location, stack.server.url);
  expect(resolved.origin).toBe(stack.server.url);
}

describe("absolute-form request targets", () => {
  test("GET http://evil.example/v1/models is our /v1/models: the proxy's 401, no redirect", async () => {
    const response = await raw("GET", "http://evil.example/v1/models");
    expect(response.status).toBe(401);
    expect(response.headers.location).toBeUndefined();
    // The proxy's own answer (no key has been created in this stack yet), not a page or a redirect.
    expect(response.body).toContain('"code":"no_api_keys"');
  });

  test.each([
    ["GET", "http://evil.example/v1/models"],
    ["GET", "https://evil.example/keys/"],
    ["GET", "http://evil.example//evil.example/"],
    ["GET", "http://evil.example"],
    ["GET", "//evil.example/"],
    ["GET", "//evil.example/keys/"],
    ["GET", "///evil.example/"],
    ["POST", "http://evil.example/api/keys"],
    ["GET", "http://evil.example/login?callbackUrl=//evil.example"],
  ])("%s %s never redirects off our origin, never a 5xx", async (method, target) => {
    const response = await raw(method, target);
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(500);
    // A Location, if any, resolves on our origin (`/evil.example` is a path here; `//evil.example` would not be).
    staysHome(response.headers.location);
  });

  test("a target that is neither a path nor an http(s) URL is a 400 in the API's error shape", async () => {
    const response = await raw("GET", "ftp://evil.example/v1/models");
    expect(response.status).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('"code":"invalid_path"');
  });
});
