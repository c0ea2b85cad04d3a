import { request, type APIResponse } from "@playwright/test";
import { BASE_URL } from "./config";

export type KeyPlacement = "bearer" | "x-api-key" | "query" | "none";

const BODY = { model: "gpt-4", messages: [{ role: "user", content: "Say hello" }] };

/** A client application calling the proxy: no dashboard cookie, the key where the client puts it. */
export async function callChat(key: string | null, placement: KeyPlacement): Promise<{ status: number; json: Record<string, unknown> }> {
  const client = await request.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  try {
    const headers: Record<string, string> = {};
    let path = "/v1/chat/completions";
    if (key && placement === "bearer") headers.authorization = `Bearer ${key}`;
    if (key && placement === "x-api-key") headers["x-api-key"] = key;
    if (key && placement === "query") path += `?api_key=${encodeURIComponent(key)}`;
    const response: APIResponse = await client.post(path, { headers, data: BODY });
    return { status: response.status(), json: (await response.json()) as Record<string, unknown> };
  } finally {
    await client.dispose();
  }
}

export function errorCode(json: Record<string, unknown>): string | undefined {
  const error = json.error as { code?: string } | undefined;
  return error?.code;
}
