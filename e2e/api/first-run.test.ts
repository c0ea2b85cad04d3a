// A new installation's first hour, through the real server: no provider yet (a clear error, not
// "model not found"), the checklist's state as providers, keys and calls appear, and the rough edges
// found by trying it fresh (health uptime, unknown paths and wrong methods, model lists in rankings,
// the upstream's error message kept in the log).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Onboarding } from "@/lib/onboarding/schemas";
import type { RequestLogPage, UsageOverview } from "@/lib/usage/schemas";
import { apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";

let stack: Stack;
let key: CreatedKey;

beforeAll(async () => {
  // No UPSTREAM_BASE_URL: the server starts with no provider at all, as after `npm start`.
  stack = await startStack({ env: { UPSTREAM_BASE_URL: "", UPSTREAM_API_KEY: "" } });
});

afterAll(async () => {
  await stack?.close();
});

const onboarding = async () => (await stack.admin<Onboarding>("/api/onboarding")).body;

describe("first run", () => {
  test("/api/health counts uptime from the process start, not from the first health check", async () => {
    const { status, body } = await stack.admin<{ uptimeSeconds: number }>("/api/health", { token: null });
    expect(status).toBe(200);
    // The server took at least a second to get ready (database, migrations, Next.js) before this first check.
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(1);
  });

  test("the checklist starts with nothing but the admin", async () => {
    expect(await onboarding()).toEqual({ providers: 0, keys: 0, newestKey: null, suggestedModel: null, firstCall: false });
    expect((await stack.admin("/api/onboarding", { token: null })).status).toBe(401);
  });

  test("with no provider, /v1 says so: 503 no_providers, not to be retried", async () => {
    key = await stack.createKey("first");
    const error = await apiError(stack.client(key.key).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }));
    expect(error.status).toBe(503);
    expect(error.code).toBe("no_providers");
    expect(error.message).toMatch(/No provider is configured: add one on the Providers page/);
    expect(error.headers?.get("x-should-retry")).toBe("false");
    const row = await stack.lastLog(key.id, "chat/completions");
    expect(row).toMatchObject({ status: 503, errorCode: "no_providers" });
    expect(row.errorMessage).toMatch(/No provider is configured/);
    // The key exists now; no call has been answered.
    expect(await onboarding()).toMatchObject({ providers: 0, keys: 1, newestKey: { id: key.id, name: "first" }, firstCall: false });
  });

  test("with a provider, an unknown model is model_not_found again, and a first call ticks the checklist", async () => {
    const created = await stack.admin("/api/providers", {
      method: "POST",
      body: { name: "mock", baseUrl: stack.upstream.url, apiKey: stack.upstreamKey, allModels: false, models: ["gpt-4o-mini", "mock-error"] },
    });
    expect(created.status).toBe(201);
    expect(await onboarding()).toMatchObject({ providers: 1, suggestedModel: "gpt-4o-mini", firstCall: false });

    const client = stack.client(key.key);
    const unknown = await apiError(client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "Hi" }] }));
    expect([unknown.status, unknown.code]).toEqual([404, "model_not_found"]);
    // A model list answers without a provider too: it is not a first call.
    await client.models.list();
    await stack.lastLog(key.id, "models");
    expect((await onboarding()).firstCall).toBe(false);

    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
    await stack.logsOf(key.id, 4);
    expect((await onboarding()).firstCall).toBe(true);
  });

  test("the upstream's error message is kept in the request log", async () => {
    const error = await apiError(stack.client(key.key).chat.completions.create({ model: "mock-error", messages: [{ role: "user", content: "Hi" }] }));
    expect(error.status).toBe(500);
    const rows = await stack.logsOf(key.id, 5);
    const failed = rows.find((r) => r.model === "mock-error");
    expect(failed).toMatchObject({ status: 500, errorCode: "mock_failure", errorMessage: "The mock upstream failed" });
    const detail = await stack.admin<RequestLogPage["items"][number]>(`/api/usage/logs/${failed?.id}`);
    expect(detail.body.errorMessage).toBe("The mock upstream failed");
  });

  test("model lists count for their key but are not ranked as a model", async () => {
    const { body } = await stack.admin<UsageOverview>(`/api/usage?range=1h`);
    const models = body.byModel.map((m) => m.label);
    expect(models).toContain("gpt-4o-mini");
    expect(models).not.toContain("(no model)");
    expect(models.every((m) => m !== "")).toBe(true);
    expect(body.byKey.find((k) => k.label === "first")?.requests).toBe(body.totals.requests);
  });

  test("unknown paths and wrong methods are answered without counting or logging against the key", async () => {
    const before = await stack.waitForUsage(key.id, 5);
    const logged = (await stack.logsOf(key.id, 5)).length;
    const headers = { authorization: `Bearer ${key.key}` };
    const wrongMethod = await fetch(`${stack.server.url}/v1/chat/completions`, { headers });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as ErrorBody).error.code).toBe("method_not_allowed");
    const unknown = await fetch(`${stack.server.url}/v1/no/such/endpoint`, { method: "POST", headers, body: "{}" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe("not_found");
    // A counted request after them: once it is in, the two before it would be too.
    await stack.client(key.key).models.list();
    expect(await stack.waitForUsage(key.id, before + 1)).toBe(before + 1);
    const rows = await stack.logsOf(key.id, logged + 1);
    expect(rows).toHaveLength(logged + 1);
    expect(rows.some((r) => r.status === 405 || r.endpoint.startsWith("no/"))).toBe(false);
  });
});
