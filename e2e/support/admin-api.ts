import { expect, request, type APIRequestContext } from "@playwright/test";
import { BASE_URL, STORAGE_STATE, UPSTREAM_URL } from "./config";

// Specs prepare their data through the management API with the admin's session: the embedded
// database belongs to the server process alone, so tests cannot open it through lib/.

interface KeySummary {
  id: string;
  name: string;
}

export async function listKeys(api: APIRequestContext): Promise<KeySummary[]> {
  const response = await api.get("/api/keys?pageSize=100");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: KeySummary[] }).items;
}

export async function deleteAllKeys(api: APIRequestContext): Promise<void> {
  for (let keys = await listKeys(api); keys.length > 0; keys = await listKeys(api)) {
    for (const key of keys) expect((await api.delete(`/api/keys/${key.id}`)).status()).toBe(204);
  }
}

export async function createKey(api: APIRequestContext, name: string, description?: string): Promise<{ id: string; key: string }> {
  const response = await api.post("/api/keys", { data: { name, description } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

export async function setAuthEnabled(api: APIRequestContext, authEnabled: boolean): Promise<void> {
  const response = await api.patch("/api/settings", { data: { authEnabled } });
  expect(response.status()).toBe(200);
}

/** The mock upstream as a provider, created once. */
export async function ensureMockProvider(api: APIRequestContext, name = "Mock upstream"): Promise<void> {
  const response = await api.get("/api/providers");
  const { items } = (await response.json()) as { items: { name: string }[] };
  if (items.some((p) => p.name === name)) return;
  const created = await api.post("/api/providers", { data: { name, baseUrl: UPSTREAM_URL, allModels: true, priority: 10 } });
  expect(created.status()).toBe(201);
}

export async function deleteProviderNamed(api: APIRequestContext, name: string): Promise<void> {
  const { items } = (await (await api.get("/api/providers")).json()) as { items: { id: string; name: string }[] };
  for (const p of items.filter((x) => x.name === name)) await api.delete(`/api/providers/${p.id}`);
}

/** The management API with the admin's saved session, for hooks that have no page. */
export function adminRequest(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: BASE_URL, storageState: STORAGE_STATE });
}
