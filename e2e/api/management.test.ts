// The management API (/api) as automation uses it, with `Authorization: Bearer <ADMIN_TOKEN>`.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockUpstream } from "../support/mock-upstream";
import { freePort } from "../support/server";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";

interface KeyPage {
  items: CreatedKey[];
  total: number;
  page: number;
  pageSize: number;
}

interface Provider {
  id: string;
  name: string;
  baseUrl: string;
  apiKeyDisplay: string | null;
  enabled: boolean;
  allModels: boolean;
  models: string[];
  priority: number;
}

interface ConnectionResult {
  ok: boolean;
  status: number | null;
  models: string[];
  error: string | null;
}


const DEFAULT_SETTINGS = { authEnabled: true, logRetentionDays: 30, rollupRetentionDays: 400, auditRetentionDays: 400, rotationReminderDays: 90 };
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

test("GET /api/health is public and reports the database", async () => {
  const response = await fetch(`${stack.server.url}/api/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: stack.db.kind, authEnabled: true });
});

describe("admin authentication", () => {
  test.each([
    ["GET", "/api/keys"],
    ["POST", "/api/keys"],
    ["GET", "/api/keys/some-id/reveal"],
    ["PATCH", "/api/settings"],
    ["GET", "/api/providers"],
    ["POST", "/api/providers/test"],
  ])("%s %s is 401 without a token and with a wrong one", async (method, path) => {
    const body = method === "GET" ? undefined : { name: "x" };
    for (const token of [null, "wrong-token-of-a-plausible-length", `${stack.adminToken}x`]) {
      const response = await stack.admin<ErrorBody>(path, { method, body, token });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("unauthorized");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  test("a /v1 API key is not an admin token", async () => {
    const key = await stack.createKey("not an admin");
    expect((await stack.admin("/api/keys", { token: key.key })).status).toBe(401);
  });
});

describe("API keys", () => {
  test("create returns the full key once; it is stored masked and never listed", async () => {
    const created = await stack.admin<CreatedKey & Record<string, unknown>>("/api/keys", {
      method: "POST",
      body: { name: "  Production app  ", description: "used by the billing service" },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk-[A-Za-z0-9]{32}$/);
    expect(created.body).toMatchObject({ name: "Production app", description: "used by the billing service", enabled: true, usageCount: 0, lastUsedAt: null });
    expect(created.body.display).toBe(`${created.body.key.slice(0, 7)}…${created.body.key.slice(-4)}`);
    expect(created.body).not.toHaveProperty("hash");
    expect(created.body).not.toHaveProperty("ciphertext");

    const fetched = await stack.admin<Record<string, unknown>>(`/api/keys/${created.body.id}`);
    expect(fetched.body).toMatchObject({ id: created.body.id, name: "Production app" });
    expect(JSON.stringify(fetched.body)).not.toContain(created.body.key);
    const list = await stack.admin<KeyPage>("/api/keys?pageSize=100");
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);

    const revealed = await stack.admin<{ id: string; key: string }>(`/api/keys/${created.body.id}/reveal`);
    expect(revealed.body).toEqual({ id: created.body.id, key: created.body.key });
  });

  test("list is paged, newest first, and searchable by name", async () => {
    const names = Array.from({ length: 25 }, (_, i) => `Paging ${String(i).padStart(2, "0")}`);
    for (const name of names) await stack.createKey(name);

    const first = await stack.admin<KeyPage>("/api/keys?search=paging&pageSize=10");
    expect(first.body).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    expect(first.body.items.map((k) => k.name)).toEqual(names.slice(-10).reverse());
    const last = await stack.admin<KeyPage>("/api/keys?search=PAGING&pageSize=10&page=3");
    expect(last.body.items.map((k) => k.name)).toEqual(names.slice(0, 5).reverse());
    const beyond = await stack.admin<KeyPage>("/api/keys?search=paging&pageSize=10&page=4");
    expect(beyond.body).toMatchObject({ items: [], total: 25 });

    const one = await stack.admin<KeyPage>("/api/keys?search=ing 07");
    expect(one.body.items.map((k) => k.name)).toEqual(["Paging 07"]);
    expect((await stack.admin<KeyPage>("/api/keys?search=no-such-key")).body).toMatchObject({ items: [], total: 0 });
  });

  test("search matches % and _ literally", async () => {
    for (const name of ["Literal 100% done", "Literal 1000 done", "Literal team_a", "Literal teamXa", "Literal back\\slash"]) await stack.createKey(name);
    const names = async (search: string) =>
      (await stack.admin<KeyPage>(`/api/keys?search=${encodeURIComponent(search)}`)).body.items.map((k) => k.name);
    expect(await names("100%")).toEqual(["Literal 100% done"]);
    expect(await names("team_a")).toEqual(["Literal team_a"]);
    expect(await names("k\\s")).toEqual(["Literal back\\slash"]);
  });

  test("list filters by status", async () => {
    const off = await stack.createKey("Status filter off");
    await stack.admin(`/api/keys/${off.id}`, { method: "PATCH", body: { enabled: false } });
    const disabled = await stack.admin<KeyPage>("/api/keys?status=disabled&search=status filter");
    expect(disabled.body.items.map((k) => k.id)).toEqual([off.id]);
    const enabled = await stack.admin<KeyPage>("/api/keys?status=enabled&search=status filter");
    expect(enabled.body.items).toEqual([]);
  });

  test("tags and owner: set on create, changed and cleared by patch, filtered exactly and case-insensitively", async () => {
    type Tagged = CreatedKey & { tags: string[]; owner: string | null };
    const search = await stack.admin<Tagged>("/api/keys", { method: "POST", body: { name: "Tagged search", tags: ["Team:Search", "env:prod", "team:search"], owner: "Ana@Example.com" } });
    expect(search.status).toBe(201);
    expect(search.body).toMatchObject({ tags: ["team:search", "env:prod"], owner: "Ana@Example.com" });
    const ads = await stack.admin<Tagged>("/api/keys", { method: "POST", body: { name: "Tagged ads", tags: ["team:ads", "env:prod"] } });
    expect(ads.body).toMatchObject({ tags: ["team:ads", "env:prod"], owner: null });
    const ids = async (query: string) => (await stack.admin<KeyPage>(`/api/keys?search=tagged&${query}`)).body.items.map((k) => k.id);
    expect(await ids("tag=team:search")).toEqual([search.body.id]);
    expect(await ids("tag=ENV:PROD")).toEqual([ads.body.id, search.body.id]);
    expect(await ids("tag=team")).toEqual([]);
    expect(await ids("owner=ana@example.com")).toEqual([search.body.id]);
    expect(await ids("tag=env:prod&owner=ana@example.com")).toEqual([search.body.id]);

    const moved = await stack.admin<Tagged>(`/api/keys/${search.body.id}`, { method: "PATCH", body: { tags: ["team:ads"], owner: "" } });
    expect(moved.body).toMatchObject({ tags: ["team:ads"], owner: null });
    expect(await ids("tag=team:ads")).toEqual([ads.body.id, search.body.id]);
    expect((await stack.admin<Tagged>(`/api/keys/${search.body.id}`, { method: "PATCH", body: { tags: [] } })).body.tags).toEqual([]);
  });

  test("a bad tag or owner is a 400 that names the field, and nothing is written", async () => {
    const before = (await stack.admin<KeyPage>("/api/keys?search=bad tag")).body.total;
    for (const body of [
      { name: "Bad tag", tags: ["has space"] },
      { name: "Bad tag", tags: ["team:"] },
      { name: "Bad tag", tags: "team:search" },
      { name: "Bad tag", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { name: "Bad tag", owner: "x".repeat(201) },
    ]) {
      const response = await stack.admin<ErrorBody>("/api/keys", { method: "POST", body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.param ?? "").toMatch(/^(tags|owner)/);
    }
    expect((await stack.admin<KeyPage>("/api/keys?search=bad tag")).body.total).toBe(before);
    const filter = await stack.admin<ErrorBody>("/api/keys?tag=has%20space");
    expect(filter.status).toBe(400);
    expect(filter.body.error.param).toBe("tag");
  });

  test("patch renames, describes, disables; delete removes", async () => {
    const key = await stack.createKey("Before");
    const patched = await stack.admin<CreatedKey & { description: string | null }>(`/api/keys/${key.id}`, {
      method: "PATCH",
      body: { name: "After", description: "renamed", enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: key.id, name: "After", description: "renamed", enabled: false });
    expect((await stack.admin<CreatedKey>(`/api/keys/${key.id}`)).body).toMatchObject({ name: "After", enabled: false });
    // Changing one field leaves the others alone (the dashboard's enable switch sends only `enabled`).
    const enabled = await stack.admin<CreatedKey & { description: string | null }>(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: true } });
    expect(enabled.body).toMatchObject({ name: "After", description: "renamed", enabled: true });
    const cleared = await stack.admin<CreatedKey & { description: string | null }>(`/api/keys/${key.id}`, { method: "PATCH", body: { description: null } });
    expect(cleared.body).toMatchObject({ name: "After", description: null, enabled: true });

    expect((await stack.admin(`/api/keys/${key.id}`, { method: "DELETE" })).status).toBe(204);
    for (const [method, path] of [
      ["GET", `/api/keys/${key.id}`],
      ["GET", `/api/keys/${key.id}/reveal`],
      ["PATCH", `/api/keys/${key.id}`],
      ["DELETE", `/api/keys/${key.id}`],
    ] as const) {
      const response = await stack.admin<ErrorBody>(path, { method, body: method === "PATCH" ? { name: "x" } : undefined });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });

  test.each([
    ["an empty name", { name: "" }, "name", "Name is required"],
    ["a blank name", { name: "   " }, "name", "Name is required"],
    ["no name", {}, "name", "Name is required"],
    ["a name over 100 characters", { name: "n".repeat(101) }, "name", "Name must be at most 100 characters"],
    ["a description over 500 characters", { name: "ok", description: "d".repeat(501) }, "description", "Description must be at most 500 characters"],
  ])("create with %s is 400 validation_error naming the field", async (_, body, field, message) => {
    const response = await stack.admin<ErrorBody>("/api/keys", { method: "POST", body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: "invalid_request_error", code: "validation_error", param: field });
    expect(response.body.error.fields?.[field]).toBe(message);
  });

  test("a name of exactly 100 characters is accepted", async () => {
    const response = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "n".repeat(100) } });
    expect(response.status).toBe(201);
  });

  test("patch validation: empty name, unknown field, nothing to change", async () => {
    const key = await stack.createKey("Validated");
    const empty = await stack.admin<ErrorBody>(`/api/keys/${key.id}`, { method: "PATCH", body: { name: "" } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields?.name).toBe("Name is required");
    const unknown = await stack.admin<ErrorBody>(`/api/keys/${key.id}`, { method: "PATCH", body: { usageCount: 0 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("validation_error");
    const nothing = await stack.admin<ErrorBody>(`/api/keys/${key.id}`, { method: "PATCH", body: {} });
    expect(nothing.status).toBe(400);
    expect((await stack.admin<CreatedKey>(`/api/keys/${key.id}`)).body.name).toBe("Validated");
  });

  test("malformed JSON is 400 invalid_json", async () => {
    const response = await stack.admin<ErrorBody>("/api/keys", { method: "POST", body: "{name:" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_json");
  });
});

describe("settings", () => {
  test("GET and PATCH authEnabled", async () => {
    expect((await stack.admin("/api/settings")).body).toEqual(DEFAULT_SETTINGS);
    expect((await stack.admin("/api/settings", { method: "PATCH", body: { authEnabled: false } })).body).toEqual({ ...DEFAULT_SETTINGS, authEnabled: false });
    expect((await stack.admin("/api/settings")).body).toEqual({ ...DEFAULT_SETTINGS, authEnabled: false });
    expect((await stack.admin("/api/settings", { method: "PATCH", body: { authEnabled: true } })).body).toEqual(DEFAULT_SETTINGS);
    expect((await stack.admin("/api/settings")).body).toEqual(DEFAULT_SETTINGS);
  });

  test.each([
    ["nothing", {}],
    ["a non-boolean", { authEnabled: "no" }],
    ["an unknown setting", { darkMode: true }],
  ])("PATCH with %s is 400 and changes nothing", async (_, body) => {
    const response = await stack.admin<ErrorBody>("/api/settings", { method: "PATCH", body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_error");
    expect((await stack.admin("/api/settings")).body).toEqual(DEFAULT_SETTINGS);
  });
});

test("an unknown /api path answers 404 in the API's error shape, whatever the method", async () => {
  for (const method of ["GET", "POST", "DELETE"]) {
    const response = await stack.admin<ErrorBody>("/api/no-such-thing/42", { method });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining(`${method} /api/no-such-thing/42`) });
  }
});

describe("providers", () => {
  test("the provider from UPSTREAM_BASE_URL is listed with its key masked", async () => {
    const list = await stack.admin<{ items: Provider[] }>("/api/providers");
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ baseUrl: stack.upstream.url, allModels: true, enabled: true });
    // 36 characters: an eighth of it at each end.
    expect(list.body.items[0]?.apiKeyDisplay).toBe(`${stack.upstreamKey.slice(0, 4)}…${stack.upstreamKey.slice(-4)}`);
    expect(JSON.stringify(list.body)).not.toContain(stack.upstreamKey);
    expect(list.body.items[0]).not.toHaveProperty("apiKeyCiphertext");
  });

  test("create, read, update, delete", async () => {
    const created = await stack.admin<Provider>("/api/providers", {
      method: "POST",
      body: { name: "Secondary", baseUrl: `${stack.upstream.url}/`, apiKey: stack.upstreamKey, allModels: false, models: ["gpt-4", "gpt-4"], priority: 5 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Secondary", baseUrl: stack.upstream.url, allModels: false, models: ["gpt-4"], priority: 5, enabled: true });
    expect(JSON.stringify(created.body)).not.toContain(stack.upstreamKey);

    const { id } = created.body;
    expect((await stack.admin<Provider>(`/api/providers/${id}`)).body).toMatchObject({ id, name: "Secondary" });
    const updated = await stack.admin<Provider>(`/api/providers/${id}`, { method: "PATCH", body: { name: "Renamed", models: ["gpt-4o-mini"], enabled: false } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Renamed", models: ["gpt-4o-mini"], enabled: false, apiKeyDisplay: created.body.apiKeyDisplay });
    const keyless = await stack.admin<Provider>(`/api/providers/${id}`, { method: "PATCH", body: { apiKey: null } });
    expect(keyless.body.apiKeyDisplay).toBeNull();

    expect((await stack.admin(`/api/providers/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await stack.admin(`/api/providers/${id}`)).status).toBe(404);
    expect((await stack.admin(`/api/providers/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  test("a routed model goes to the provider that lists it first, and to the catch-all when that one is down", async () => {
    const dead = await stack.admin<Provider>("/api/providers", {
      method: "POST",
      body: { name: "Only for routed-model", baseUrl: `http://127.0.0.1:${await freePort()}/v1`, allModels: false, models: ["routed-model"], priority: 1 },
    });
    const key = await stack.createKey("routing");
    const openai = stack.client(key.key);
    await expect(openai.chat.completions.create({ model: "routed-model", messages: [{ role: "user", content: "x" }] })).resolves.toBeTruthy();
    await expect
      .poll(async () => (await stack.admin<{ items: { model: string; attempts: number; providerName: string }[] }>(`/api/usage/logs?range=1h&keyId=${key.id}`)).body.items[0])
      .toMatchObject({ model: "routed-model", attempts: 2, providerName: "Default upstream (UPSTREAM_BASE_URL)" });
    await expect(openai.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "x" }] })).resolves.toBeTruthy();
    // Model ids may contain slashes, percent signs and spaces.
    const odd = ["acme/model-7", "50%-off", "org/a%2Fb", "with space"];
    const slashed = await stack.admin<Provider>("/api/providers", {
      method: "POST",
      body: { name: "Odd ids", baseUrl: stack.upstream.url, apiKey: stack.upstreamKey, allModels: false, models: odd, priority: 1 },
    });
    for (const id of odd) expect(await openai.models.retrieve(id)).toMatchObject({ id, owned_by: "Odd ids" });
    const viaPath = await fetch(`${stack.server.url}/v1/models/acme/model-7`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(await viaPath.json()).toMatchObject({ id: "acme/model-7" });
    await expect(openai.chat.completions.create({ model: "50%-off", messages: [{ role: "user", content: "x" }] })).resolves.toBeTruthy();
    await stack.admin(`/api/providers/${slashed.body.id}`, { method: "DELETE" });
    // Disabled, it no longer catches the model: the catch-all provider serves it.
    await stack.admin(`/api/providers/${dead.body.id}`, { method: "PATCH", body: { enabled: false } });
    await expect(openai.chat.completions.create({ model: "routed-model", messages: [{ role: "user", content: "x" }] })).resolves.toBeTruthy();
    await stack.admin(`/api/providers/${dead.body.id}`, { method: "DELETE" });
  });

  test.each([
    ["a duplicate name", () => ({ name: "Duplicate", baseUrl: stack.upstream.url }), 409, "conflict", "name"],
    ["a base URL that is not http(s)", () => ({ name: "Bad URL", baseUrl: "ftp://example.com" }), 400, "validation_error", "baseUrl"],
    ["no models and allModels off", () => ({ name: "No models", baseUrl: stack.upstream.url, allModels: false }), 400, "validation_error", "models"],
    ["no name", () => ({ baseUrl: stack.upstream.url }), 400, "validation_error", "name"],
  ])("create with %s is refused", async (_, body, status, code, param) => {
    await stack.admin("/api/providers", { method: "POST", body: { name: "Duplicate", baseUrl: stack.upstream.url } });
    const response = await stack.admin<ErrorBody>("/api/providers", { method: "POST", body: body() });
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code, param });
  });

  test("POST /api/providers/{id}/test checks the stored provider with its stored key", async () => {
    const list = await stack.admin<{ items: Provider[] }>("/api/providers");
    const envProvider = list.body.items.find((p) => p.baseUrl === stack.upstream.url && p.allModels);
    expect(envProvider).toBeDefined();
    const result = await stack.admin<ConnectionResult>(`/api/providers/${envProvider?.id}/test`, { method: "POST" });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, status: 200, error: null });
    expect(result.body.models).toContain("gpt-4");

    const withWrongKey = await stack.admin<ConnectionResult>(`/api/providers/${envProvider?.id}/test`, { method: "POST", body: { apiKey: "sk-wrong" } });
    expect(withWrongKey.body).toMatchObject({ ok: false, status: 401 });
    expect(withWrongKey.body.error).toMatch(/401/);

    const deadPort = await freePort();
    const dead = await stack.admin<ConnectionResult>(`/api/providers/${envProvider?.id}/test`, { method: "POST", body: { baseUrl: `http://127.0.0.1:${deadPort}/v1` } });
    expect(dead.body).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/refused/i) });

    expect((await stack.admin(`/api/providers/no-such-provider/test`, { method: "POST" })).status).toBe(404);
  });

  test("POST /api/providers/{id}/test never sends the stored key to another base URL", async () => {
    const list = await stack.admin<{ items: Provider[] }>("/api/providers");
    const envProvider = list.body.items.find((p) => p.baseUrl === stack.upstream.url && p.allModels);
    expect(envProvider).toBeDefined();
    // Another upstream that accepts anything and records what it was sent.
    const elsewhere = await startMockUpstream();
    try {
      for (const kind of ["openai", "anthropic"] as const) {
        const before = elsewhere.received.length;
        const result = await stack.admin<ConnectionResult>(`/api/providers/${envProvider?.id}/test`, { method: "POST", body: { baseUrl: elsewhere.url, kind } });
        expect(result.status).toBe(200);
        const sent = elsewhere.received.slice(before);
        expect(sent.length).toBeGreaterThan(0);
        for (const request of sent) {
          expect(request.headers.authorization).toBeUndefined();
          expect(request.headers["x-api-key"]).toBeUndefined();
          expect(JSON.stringify(request.headers)).not.toContain(stack.upstreamKey);
        }
      }
      // A key given again with the other URL is the one used.
      const before = elsewhere.received.length;
      await stack.admin(`/api/providers/${envProvider?.id}/test`, { method: "POST", body: { baseUrl: elsewhere.url, apiKey: "sk-given-for-this-test" } });
      expect(elsewhere.received.slice(before).map((r) => r.headers.authorization)).toContain("Bearer sk-given-for-this-test");
    } finally {
      await elsewhere.close();
    }
    // The same base URL (written with a trailing slash) still uses the stored key.
    const upstreamBefore = stack.upstream.received.length;
    const same = await stack.admin<ConnectionResult>(`/api/providers/${envProvider?.id}/test`, { method: "POST", body: { baseUrl: `${stack.upstream.url}/` } });
    expect(same.body).toMatchObject({ ok: true, status: 200, error: null });
    expect(stack.upstream.received.slice(upstreamBefore).map((r) => r.headers.authorization)).toContain(`Bearer ${stack.upstreamKey}`);
  });

  test("POST /api/providers/test checks an unsaved configuration", async () => {
    const ok = await stack.admin<ConnectionResult>("/api/providers/test", { method: "POST", body: { baseUrl: stack.upstream.url, apiKey: stack.upstreamKey } });
    expect(ok.body).toMatchObject({ ok: true, status: 200 });
    expect(ok.body.models).toContain("text-embedding-3-small");

    const noKey = await stack.admin<ConnectionResult>("/api/providers/test", { method: "POST", body: { baseUrl: stack.upstream.url } });
    expect(noKey.body).toMatchObject({ ok: false, status: 401 });

    const deadPort = await freePort();
    const dead = await stack.admin<ConnectionResult>("/api/providers/test", { method: "POST", body: { baseUrl: `http://127.0.0.1:${deadPort}/v1` } });
    expect(dead.body).toMatchObject({ ok: false, status: null, models: [] });
    expect(dead.body.error).toMatch(/refused/i);

    const invalid = await stack.admin<ErrorBody>("/api/providers/test", { method: "POST", body: { baseUrl: "not a url" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.param).toBe("baseUrl");
  });
});
