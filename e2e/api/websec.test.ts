// Web security of the management API and sign-in, on the real server: bodies bounded before they
// are buffered (and before authentication can say no), CSRF defence for cookie-authenticated
// writes, sign-in URLs never built from an untrusted host, the login throttle by the real client
// address, and `no_api_keys` once the last key is deleted.
import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testDbKind } from "../support/database";
import { rawRequest, streamUntilAnswered, type RawResponse } from "../support/raw-http";
import { signIn } from "../support/sign-in";
import { openaiClient, startStack, type ErrorBody, type Stack } from "../support/stack";

const ADMIN = { email: "admin@websec.test", password: "a long enough password" };
let stack: Stack;
let origin: string;
let session: string;

function errorOf(response: RawResponse): ErrorBody["error"] {
  const body = response.json as ErrorBody | null;
  expect(body?.error, `${response.status} ${response.text.slice(0, 300)}`).toBeDefined();
  expect(body?.error.message.length).toBeGreaterThan(0);
  return body!.error;
}

beforeAll(async () => {
  stack = await startStack();
  origin = stack.server.url;
  const setup = await rawRequest(origin, "/api/setup", {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ ...ADMIN, confirmPassword: ADMIN.password }),
  });
  expect(setup.status, setup.text).toBe(201);
  const signedIn = await signIn(origin, { ...ADMIN, from: "127.0.0.2" });
  expect(signedIn.status, signedIn.response.text).toBe(200);
  expect(signedIn.session).not.toBeNull();
  session = signedIn.session!;
});

afterAll(async () => {
  await stack?.close();
});

describe("bodies are bounded before they are buffered", () => {
  const HALF_GB = 480 * 1024 * 1024;
  const status = async () => readFile(`/proc/${stack.server.pid()}/status`, "utf8");
  const kb = (text: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1]);

  test.each([
    ["POST /api/setup once setup is closed", "/api/setup", { "content-type": "application/json" }, 409, "setup_closed"],
    ["POST /api/setup from another origin", "/api/setup", { "content-type": "application/json", origin: "http://evil.example" }, 403, "csrf_rejected"],
    ["POST /api/setup as text/plain", "/api/setup", { "content-type": "text/plain" }, 415, "unsupported_media_type"],
    ["POST /api/auth/callback/credentials (sign-in)", "/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded", origin: "" }, 413, "body_too_large"],
    ["POST /api/keys without credentials", "/api/keys", { "content-type": "application/json" }, 401, "unauthorized"],
    ["POST /api/keys with the admin token", "/api/keys", { "content-type": "application/json", authorization: "" }, 413, "body_too_large"],
    ["PATCH /api/settings with the admin token", "/api/settings", { "content-type": "application/json", authorization: "" }, 413, "body_too_large"],
  ])("%s: a 480 MB chunked body is refused and the server's memory stays flat", async (_, path, headers, expectedStatus, code) => {
    const sent: Record<string, string> = { ...headers };
    if (sent.origin === "") sent.origin = origin;
    if (sent.authorization === "") sent.authorization = `Bearer ${stack.adminToken}`;
    const pid = stack.server.pid();
    const before = kb(await status(), "VmRSS");
    // Peak RSS from here on (Linux: writing 5 to clear_refs resets VmHWM to the current RSS).
    await writeFile(`/proc/${pid}/clear_refs`, "5");
    const method = path === "/api/settings" ? "PATCH" : "POST";
    const response = await streamUntilAnswered(origin, path, { method, headers: sent, totalBytes: HALF_GB });
    expect(response.status, response.text.slice(0, 300)).toBe(expectedStatus);
    expect(errorOf(response).code).toBe(code);
    const after = await status();
    // Buffered whole it would be 480 MB; bounded it is the limit (≤ 1 MiB) and the chunks in flight.
    expect(kb(after, "VmHWM") - before).toBeLessThan(48 * 1024);
    // The answer came long before the body would have ended: what was sent is what the socket buffers held.
    expect(response.sent).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);

  test("a JSON body one byte over 1 MiB is 413; one of 1 MiB is read", async () => {
    const pad = (size: number) => JSON.stringify({ name: "big", description: "x".repeat(size - 32) }).padEnd(size, " ");
    const token = { "content-type": "application/json", authorization: `Bearer ${stack.adminToken}` };
    const over = await rawRequest(origin, "/api/keys", { method: "POST", headers: token, body: pad(1024 * 1024 + 1) });
    expect(over.status).toBe(413);
    expect(errorOf(over).code).toBe("body_too_large");
    // Within the limit the body reaches validation (the description is too long for the schema).
    const within = await rawRequest(origin, "/api/keys", { method: "POST", headers: token, body: pad(1024 * 1024) });
    expect(within.status).toBe(400);
    expect(errorOf(within).code).toBe("validation_error");
  });
});

describe("CSRF: cookie-authenticated writes come from our own pages, as JSON", () => {
  const keyBody = JSON.stringify({ name: "csrf probe" });
  // "ours" stands for this server's origin (known only once the stack runs).
  const write = (headers: Record<string, string>, body = keyBody, path = "/api/keys", method = "POST") =>
    rawRequest(origin, path, { method, headers: { cookie: session, ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === "ours" ? origin : v])) }, body });
  const keyCount = async () => (await stack.admin<{ total: number }>("/api/keys")).body.total;

  test("the dashboard's own request is accepted", async () => {
    const response = await write({ "content-type": "application/json", origin: "ours", "sec-fetch-site": "same-origin" });
    expect(response.status, response.text).toBe(201);
  });

  test.each([
    ["text/plain (a cross-site form's body)", { "content-type": "text/plain", origin: "ours" }, 415, "unsupported_media_type"],
    ["a form post", { "content-type": "application/x-www-form-urlencoded", origin: "ours" }, 415, "unsupported_media_type"],
    ["a body without Content-Type", { origin: "ours" }, 415, "unsupported_media_type"],
    ["another Origin", { "content-type": "application/json", origin: "http://evil.example" }, 403, "csrf_rejected"],
    ["Origin null", { "content-type": "application/json", origin: "null" }, 403, "csrf_rejected"],
    ["Sec-Fetch-Site cross-site", { "content-type": "application/json", "sec-fetch-site": "cross-site" }, 403, "csrf_rejected"],
    ["Sec-Fetch-Site same-site", { "content-type": "application/json", "sec-fetch-site": "same-site" }, 403, "csrf_rejected"],
    ["another site's Referer", { "content-type": "application/json", referer: "http://evil.example/attack.html" }, 403, "csrf_rejected"],
    ["text/plain from another Origin with no Sec-Fetch-Site", { "content-type": "text/plain", origin: "https://evil.example" }, 403, "csrf_rejected"],
  ])("%s is refused and creates nothing", async (_, headers, status, code) => {
    const count = await keyCount();
    const response = await write(headers);
    expect(response.status, response.text).toBe(status);
    expect(errorOf(response).code).toBe(code);
    expect(await keyCount()).toBe(count);
  });

  test("a cross-site DELETE or PATCH changes nothing", async () => {
    const key = await stack.createKey("csrf target");
    const del = await write({ origin: "http://evil.example" }, "", `/api/keys/${key.id}`, "DELETE");
    expect(del.status).toBe(403);
    const patch = await write({ "content-type": "application/json", "sec-fetch-site": "cross-site" }, JSON.stringify({ enabled: false }), `/api/keys/${key.id}`, "PATCH");
    expect(patch.status).toBe(403);
    expect((await stack.admin<{ enabled: boolean }>(`/api/keys/${key.id}`)).body.enabled).toBe(true);
    const settings = await write({ "content-type": "text/plain", origin: "ours" }, JSON.stringify({ authEnabled: false }), "/api/settings", "PATCH");
    expect(settings.status).toBe(415);
    expect((await stack.admin<{ authEnabled: boolean }>("/api/settings")).body.authEnabled).toBe(true);
  });

  test("reads need no Origin; the admin token is not cookie-authenticated and stays usable from scripts", async () => {
    expect((await rawRequest(origin, "/api/keys", { headers: { cookie: session, "sec-fetch-site": "cross-site" } })).status).toBe(200);
    const script = await rawRequest(origin, "/api/keys", {
      method: "POST",
      headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/x-www-form-urlencoded" },
      body: JSON.stringify({ name: "from curl -d" }),
    });
    expect(script.status, script.text).toBe(201);
  });
});

describe("sign-in never builds its URL from an untrusted host (no PUBLIC_URL)", () => {
  test("signed in, the URL is on the origin the browser is on", async () => {
    const result = await signIn(origin, { ...ADMIN, from: "127.0.0.3" });
    expect(result.status).toBe(200);
    expect(new URL(result.url!).origin).toBe(origin);
  });

  test.each([
    ["a forged X-Forwarded-Host", { "x-forwarded-host": "evil.example" }, 400, "untrusted_host"],
    ["a forged X-Forwarded-Proto", { "x-forwarded-proto": "https" }, 400, "untrusted_host"],
    ["a Host another site's page cannot be on", { host: "evil.example" }, 403, "csrf_rejected"],
    ["a Host that is no host name", { host: "evil.example/x" }, 400, "untrusted_host"],
    ["no Origin", { origin: "" }, 403, "csrf_rejected"],
    ["another Origin", { origin: "http://evil.example" }, 403, "csrf_rejected"],
  ])("%s is refused, with no URL and no session", async (_, headers, status, code) => {
    const result = await signIn(origin, { ...ADMIN, from: "127.0.0.3", headers });
    expect(result.status, result.response.text).toBe(status);
    expect(errorOf(result.response).code).toBe(code);
    expect(result.response.text).not.toContain("evil.example/");
    expect(result.session).toBeNull();
  });

  test("next-auth's GET routes refuse forged forwarded hosts too; its redirects stay home", async () => {
    const forged = await rawRequest(origin, "/api/auth/providers", { headers: { "x-forwarded-host": "evil.example" } });
    expect(forged.status).toBe(400);
    expect(errorOf(forged).code).toBe("untrusted_host");
    const providers = await rawRequest(origin, "/api/auth/providers");
    expect(providers.status).toBe(200);
    expect(JSON.stringify(providers.json)).toContain(`${origin}/api/auth/callback/credentials`);
    const signinPage = await rawRequest(origin, "/api/auth/signin?callbackUrl=http%3A%2F%2Fevil.example%2F");
    expect(signinPage.status).toBe(302);
    expect(new URL(String(signinPage.headers.location), origin).origin).toBe(origin);
    expect(decodeURIComponent(String(signinPage.headers.location))).not.toContain("evil.example");
  });
});

describe("with PUBLIC_URL, sign-in answers with it whatever Host and X-Forwarded-Host say", () => {
  const PUBLIC = "https://keys.websec.example";
  let pub: Stack;

  beforeAll(async () => {
    pub = await startStack({ env: { PUBLIC_URL: PUBLIC, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  });

  afterAll(async () => {
    await pub?.close();
  });

  test.each([
    ["no forged header", {}],
    ["a forged X-Forwarded-Host", { "x-forwarded-host": "evil.example" }],
    ["a forged Host and a matching Origin (a client lying to itself)", { host: "evil.example", origin: "http://evil.example" }],
  ])("%s", async (_, headers) => {
    const result = await signIn(pub.server.url, { ...ADMIN, from: "127.0.0.4", headers });
    expect(result.status, result.response.text).toBe(200);
    expect(new URL(result.url!).origin).toBe(PUBLIC);
    expect(result.response.text).not.toContain("evil.example");
  });
});

describe("login throttle", () => {
  const wrong = "not the right password";
  const LOCKED = /^Too many failed sign-in attempts\. Try again in \d+ (seconds|minutes?)\.$/;

  test("per address: a client's own X-Forwarded-For is not believed, so rotating it never escapes the limit", async () => {
    const from = "127.0.0.10";
    for (let i = 1; i <= 10; i++) {
      // A different unknown account each time, so only the address counts.
      const result = await signIn(origin, { email: `ghost${i}@websec.test`, password: wrong, from, headers: { "x-forwarded-for": `198.51.100.${i}` } });
      expect(result.status).toBe(401);
      expect(result.error).toMatch(i < 10 ? /^CredentialsSignin$/ : LOCKED);
    }
    // Locked: even the right password from this address, under yet another forwarded address.
    const locked = await signIn(origin, { ...ADMIN, from, headers: { "x-forwarded-for": "203.0.113.77" } });
    expect(locked.error).toMatch(LOCKED);
    expect(locked.session).toBeNull();
    // Another address is another client.
    expect((await signIn(origin, { ...ADMIN, from: "127.0.0.11" })).session).not.toBeNull();
  });

  test("per account: the lock slows guessing but never refuses the right password from an address with no recent failures", async () => {
    const guesser = "127.0.0.20";
    for (let i = 1; i <= 5; i++) {
      const result = await signIn(origin, { email: ADMIN.email, password: `${wrong} ${i}`, from: guesser });
      expect(result.error).toMatch(i < 5 ? /^CredentialsSignin$/ : LOCKED);
    }
    // The guesser's address has failures: refused while the account's lock lasts, right password or not.
    expect((await signIn(origin, { ...ADMIN, from: guesser })).error).toMatch(LOCKED);
    // A fresh address gets its guess checked, but a wrong one is answered as locked (and counts against it)…
    const fresh = "127.0.0.21";
    expect((await signIn(origin, { email: ADMIN.email, password: wrong, from: fresh })).error).toMatch(LOCKED);
    // …so it cannot try again while the lock lasts.
    expect((await signIn(origin, { ...ADMIN, from: fresh })).error).toMatch(LOCKED);
    // The admin, from an address without failures, signs in despite the lock, and that clears it.
    const admin = await signIn(origin, { ...ADMIN, from: "127.0.0.22" });
    expect(admin.status).toBe(200);
    expect(admin.session).not.toBeNull();
    expect((await signIn(origin, { email: ADMIN.email, password: wrong, from: "127.0.0.23" })).error).toBe("CredentialsSignin");
  });
});

describe("no_api_keys once the last key is deleted", () => {
  const hello = { model: "gpt-4", messages: [{ role: "user" as const, content: "hi" }] };
  const outcome = (url: string, key: string) =>
    openaiClient(url, key)
      .chat.completions.create(hello)
      .then(
        () => "ok",
        (error: { status?: number; code?: string; message?: string }) => `${error.status} ${error.code}`,
      );

  test("on this instance and on another one sharing the database", async () => {
    const peer = testDbKind() === "postgresql" ? await stack.startPeer() : null;
    // Only this key: every other key of this file is deleted first.
    const { body } = await stack.admin<{ items: { id: string }[] }>("/api/keys?pageSize=100");
    for (const item of body.items) expect((await stack.admin(`/api/keys/${item.id}`, { method: "DELETE" })).status).toBe(204);
    const last = await stack.createKey("the last key");
    expect(await outcome(origin, last.key)).toBe("ok");
    if (peer) expect(await outcome(peer.url, last.key)).toBe("ok");

    expect((await stack.admin(`/api/keys/${last.id}`, { method: "DELETE" })).status).toBe(204);
    const error = await openaiClient(origin, last.key)
      .chat.completions.create(hello)
      .catch((e: { status: number; code: string; message: string }) => e);
    expect(error).toMatchObject({ status: 401, code: "no_api_keys" });
    expect((error as { message: string }).message).toMatch(/no API key exists: none has been created yet, or every key has been deleted/);
    if (peer) await expect.poll(() => outcome(peer.url, last.key), { timeout: 10_000, interval: 100 }).toBe("401 no_api_keys");
  });
});
