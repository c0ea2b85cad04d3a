import "server-only";
import { Readable } from "node:stream";
import { request } from "undici";
import { ApiError } from "@/lib/http/errors";
import { joinUrl, upstreamAgent } from "@/lib/http/agent";
import { checkAccess } from "@/lib/policies";
import { addHeaders, clientIpOf, currentRateHeaders, finishEvent, refused, withApiKey } from "@/lib/proxy/handler";
import { clientResponseHeaders, upstreamRequestHeaders } from "@/lib/proxy/headers";
import { findResponse, forgetResponse, ownerUpstream } from "@/lib/proxy/response-routes";
import { readJsonUsage } from "@/lib/proxy/usage-extract";

// The Responses API calls about one stored response: passed to the provider that made it, for the
// key that made it only. Anything else (an unknown id, another key's) is a 404 that never leaves.

export type ResponseAction = "get" | "delete" | "cancel" | "input_items";

const ACTIONS: Record<ResponseAction, { method: "GET" | "POST" | "DELETE"; suffix: string }> = {
  get: { method: "GET", suffix: "" },
  delete: { method: "DELETE", suffix: "" },
  cancel: { method: "POST", suffix: "/cancel" },
  input_items: { method: "GET", suffix: "/input_items" },
};

function notFound(id: string): ApiError {
  return new ApiError("not_found", `Response with id '${id.slice(0, 200)}' not found.`);
}

/** GET|DELETE /v1/responses/{id}, POST …/{id}/cancel, GET …/{id}/input_items (query string passed on). */
export function responseActionHandler(action: ResponseAction, id: string): (request: Request) => Promise<Response> {
  return withApiKey(`responses.${action}`, async (call) => {
    const { event, started, policy, url } = call;
    const owner = await findResponse(id, event.apiKeyId);
    if (!owner) throw notFound(id);
    event.model = owner.model;
    const denied = policy?.enforced ? checkAccess(policy, owner.model, clientIpOf(call)) : null;
    if (denied) return refused(call, denied);
    const upstream = await ownerUpstream(owner);
    event.providerId = upstream.id;
    event.providerName = upstream.name;

    url.searchParams.delete("api_key");
    const { method, suffix } = ACTIONS[action];
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(joinUrl(upstream.baseUrl, `responses/${encodeURIComponent(id)}${suffix}`, url.search), {
        method,
        dispatcher: upstreamAgent(),
        headers: upstreamRequestHeaders(call.request.headers, upstream.apiKey, 0, "openai"),
        signal: call.request.signal,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") throw new ApiError("upstream_timeout", "The upstream provider did not answer in time");
      throw new ApiError("upstream_unreachable", "The upstream provider could not be reached");
    }
    const headers = clientResponseHeaders(answer.headers);
    const rateHeaders = await currentRateHeaders(policy).catch(() => ({}));
    const status = answer.statusCode;
    // GET /v1/responses/{id}?stream=true replays the events: passed on as they come, nothing to count.
    if (String(answer.headers["content-type"] ?? "").includes("text/event-stream")) {
      finishEvent(event, started, { status, stream: true, errorCode: null });
      return addHeaders(new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, { status, headers }), rateHeaders);
    }
    const bytes = new Uint8Array(await answer.body.arrayBuffer());
    const { errorCode, errorMessage } = readJsonUsage(bytes);
    if (action === "delete" && status < 300) await forgetResponse(owner.id);
    // A response looked at again costs nothing more: its tokens were counted when it was made.
    finishEvent(event, started, { status, errorCode: status >= 400 ? (errorCode ?? `upstream_${status}`) : null, errorMessage: status >= 400 ? errorMessage : null });
    return addHeaders(new Response(bytes, { status, headers }), rateHeaders);
  });
}
