// Stopping the server (SIGTERM, as Docker and Kubernetes do) while requests are in flight: the
// requests finish, their usage is written, the process exits 0, and a restart sees every count.
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
