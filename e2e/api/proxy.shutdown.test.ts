// Stopping the server (SIGTERM, as Docker and Kubernetes do) while requests are in flight: the
// requests finish, their usage is written, the process exits 0, and a restart sees every count.
import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { STREAM_WORDS } from "../support/mock-upstream";
import { openaiClient, startStack, type CreatedKey, type Stack } from "../support/stack";

const IN_FLIGHT = 8;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

test("SIGTERM with streams in flight finishes them and loses no usage", async () => {
  const key = await stack.createKey("shutdown");
  const idle = await stack.createKey("idle client");
  // A client that used the server once and keeps its connection open must not hold up the exit.
  await stack.client(idle.key).models.list();

  const openai = openaiClient(stack.server.url, key.key);
  const streams = Array.from({ length: IN_FLIGHT }, async (_, i) => {
    const stream = await openai.chat.completions.create({
      model: "gpt-4",
      messages: [{ role: "user", content: `slow stream number ${i}` }],
      stream: true,
      metadata: { interval_ms: "250" },
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    return text;
  });
  // Every stream has reached the upstream, so all of them are in flight when the signal arrives.
  await expect.poll(() => stack.upstream.received.filter((r) => JSON.stringify(r.body).includes("slow stream number")).length, { timeout: 15_000 }).toBe(IN_FLIGHT);

  const exit = stack.server.stop("SIGTERM");
  expect(await Promise.all(streams)).toEqual(Array(IN_FLIGHT).fill(STREAM_WORDS.join("")));
  expect(await exit).toBe(0);
  expect(stack.server.output()).not.toMatch(/usage events could not be written|shutdown failed/);

  // The server is down, so even PGlite's single-process database can be read directly.
  const rows = await stack.db.query<{ status: number; stream: boolean; totalTokens: number }>(
    `SELECT status, stream, "totalTokens" FROM "RequestLog" WHERE "apiKeyId" = $1`,
    [key.id],
  );
  expect(rows).toHaveLength(IN_FLIGHT);
  for (const row of rows) expect(row).toEqual({ status: 200, stream: true, totalTokens: 4 + STREAM_WORDS.length });

  await stack.server.start();
  const { body } = await stack.admin<CreatedKey>(`/api/keys/${key.id}`);
  expect(body.usageCount).toBe(IN_FLIGHT);
});

/** Writes `head`, then (after `gapMs`) `rest`, on one raw connection; resolves with all it was sent back. */
function splitRequest(port: number, head: string, rest: string, gapMs: number): { sent: Promise<void>; answer: Promise<string> } {
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answer = new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(head, () => markSent());
      setTimeout(() => socket.write(rest), gapMs);
    });
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("utf8")));
    socket.on("error", reject);
    socket.on("close", () => resolve(text));
  });
  return { sent, answer };
}

test("SIGTERM: a request still arriving, keep-alive requests racing the close and a burst just before it are all answered", async () => {
  // Whatever the test before left running: a fresh start (stop() does nothing when it is down).
  await stack.server.stop();
  await stack.server.start();
  const key = await stack.createKey("racing the close");
  const body = JSON.stringify({ model: "gpt-4", messages: [{ role: "user", content: "racing" }] });
  type Answer = { status: number; connection: string | undefined; text: string };
  const send = (agent: Agent) => {
    let markConnected: () => void = () => undefined;
    const connected = new Promise<void>((resolve) => (markConnected = resolve));
    const answer = new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        `${stack.server.url}/v1/chat/completions`,
        { method: "POST", agent, headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json", "content-length": body.length } },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
          res.on("error", reject);
        },
      );
      req.on("socket", (socket) => (socket.connecting ? socket.once("connect", markConnected) : markConnected()));
      req.on("error", reject);
      req.end(body);
    });
    return { connected, answer };
  };
  // Keep-alive connections that already served a request; each sends its next one as the signal goes out.
  const agents = Array.from({ length: 8 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  for (const agent of agents) expect((await send(agent).answer).status).toBe(200);
  // A burst of new connections, all connected before the signal: many still wait in the kernel's accept queue.
  const burst = Array.from({ length: 40 }, () => send(new Agent({ keepAlive: false })));
  await Promise.all(burst.map((b) => b.connected));
  // Half of a request's headers reach the server before the signal, the rest a second after it.
  const half = splitRequest(
    stack.server.port,
    `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key.key}\r\n`,
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    1000,
  );
  await half.sent;
  const exit = stack.server.stop("SIGTERM");
  const racing = agents.map((agent) => send(agent).answer);

  const answers = await Promise.all([...burst.map((b) => b.answer), ...racing]);
  for (const answer of answers) expect(answer.status).toBe(200);
  const late = await half.answer;
  expect(late).toMatch(/^HTTP\/1\.1 200 /);
  // It was read after the signal: the answer says the connection ends.
  expect(late.toLowerCase()).toContain("connection: close");
  expect(await exit).toBe(0);
  for (const agent of agents) agent.destroy();

  const rows = await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RequestLog" WHERE "apiKeyId" = $1`, [key.id]);
  expect(rows[0]?.n).toBe(agents.length + burst.length + racing.length + 1);
});
