import "server-only";
import { getDb } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { getUpstreams, upstreamModel, type Upstream } from "@/lib/providers/registry";
import type { Route } from "@/lib/providers/routing";
import type { ForwardInput } from "@/lib/proxy/forward";
import { processSingleton } from "@/lib/singleton";

// A Responses API id (resp_…) lives at the provider that made it: every later call about it
// (previous_response_id, GET, DELETE, cancel, input_items) must go there, and only for the key that
// made it. The mapping is kept in the ResponseRoute table; the newest ids are also kept in memory,
// so a client that asks about a streamed response the moment it ends finds it even while its row
// is still being written.

export interface ResponseOwner {
  id: string;
  /** Null: made with authentication off ("no key"). */
  apiKeyId: string | null;
  providerId: string;
  model: string;
}

const MEMORY_MAX = 10_000;
const recent = processSingleton("response-routes", () => new Map<string, ResponseOwner>());

const MAX_ID = 200;

/** Stores who made a response; resolves when the row is written (a failure is logged, never thrown). */
export function rememberResponse(owner: ResponseOwner): Promise<void> {
  if (owner.id.length > MAX_ID) return Promise.resolve();
  if (recent.size >= MEMORY_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(owner.id, owner);
  return (async () => {
    const db = await getDb();
    await db.responseRoute.upsert({
      where: { id: owner.id },
      create: { id: owner.id, apiKeyId: owner.apiKeyId, providerId: owner.providerId, model: owner.model.slice(0, 200) },
      update: {},
    });
  })().catch((error: Error) => console.error(`[keygate] could not store the provider of response ${owner.id}: ${error.message}`));
}

/** The response `id` if the caller (`keyId`, null with authentication off) owns it; else null. */
export async function findResponse(id: string, keyId: string | null): Promise<ResponseOwner | null> {
  if (!id || id.length > MAX_ID) return null;
  let owner: ResponseOwner | null | undefined = recent.get(id);
  if (!owner) {
    const db = await getDb();
    owner = await db.responseRoute.findUnique({ where: { id }, select: { id: true, apiKeyId: true, providerId: true, model: true } });
  }
  // Another key's response is answered as if it did not exist: ids are not a way to probe.
  return owner && owner.apiKeyId === keyId ? owner : null;
}

export async function forgetResponse(id: string): Promise<void> {
  recent.delete(id);
  const db = await getDb();
  await db.responseRoute.deleteMany({ where: { id } });
}

/** The enabled provider that made the response, or a 404 saying it is gone. */
export async function ownerUpstream(owner: ResponseOwner): Promise<Upstream> {
  const upstream = (await getUpstreams()).find((u) => u.id === owner.providerId && u.kind === "openai");
  if (!upstream) throw new ApiError("not_found", `Response with id '${owner.id}' was made by a provider that is no longer enabled.`);
  return upstream;
}

export interface ResponsesRouting {
  /** Set for a follow-up (previous_response_id): the one provider that may answer it. */
  pinned: Route[] | null;
  /** What forward() needs to read the Responses wire format and learn the new response's id. */
  forward: Pick<ForwardInput, "usageProtocol" | "onResponseId">;
  /** Resolves when every id seen so far is stored. */
  settled(): Promise<void>;
}

/** Routing of POST /v1/responses for the caller `keyId`. */
export async function responsesRouting(keyId: string | null, body: Record<string, unknown>, model: string): Promise<ResponsesRouting> {
  let pinned: Route[] | null = null;
  const previous = body.previous_response_id;
  if (previous !== undefined && previous !== null) {
    if (typeof previous !== "string" || previous === "") {
      throw new ApiError("invalid_body", "previous_response_id must be a response id (a string)", "previous_response_id");
    }
    const owner = await findResponse(previous, keyId);
    if (!owner) throw new ApiError("not_found", `Previous response with id '${previous.slice(0, MAX_ID)}' not found.`, "previous_response_id");
    const upstream = await ownerUpstream(owner);
    pinned = [{ upstream, model: upstreamModel(upstream, model), translated: false }];
  }
  const writes: Promise<void>[] = [];
  return {
    pinned,
    forward: {
      usageProtocol: "responses",
      onResponseId: (id, upstream) => void writes.push(rememberResponse({ id, apiKeyId: keyId, providerId: upstream.id, model })),
    },
    settled: async () => {
      await Promise.all(writes);
    },
  };
}
