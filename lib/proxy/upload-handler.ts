import "server-only";
import { getEnv } from "@/lib/env";
import { noRouteError } from "@/lib/proxy/no-route";
import { ApiError } from "@/lib/http/errors";
import { checkAccess, usesStore, type Lease } from "@/lib/policies";
import { getCounterStore } from "@/lib/policies/runtime";
import { getPriceBook } from "@/lib/prices";
import { routesFor } from "@/lib/providers/routing";
import type { PreparedRequest } from "@/lib/proxy/forward";
import { admitOrFailClosed, clientIpOf, finishEvent, forwardWithLease, refused, withApiKey, type Handler } from "@/lib/proxy/handler";
import { spoolUpload, type SpooledUpload } from "@/lib/proxy/multipart";

/** The multipart endpoints, by their path under /v1. */
export type UploadEndpoint = "audio/transcriptions" | "audio/translations" | "images/edits" | "images/variations";

/** Endpoints whose API lets `model` out (OpenAI's default); audio needs one. */
const DEFAULT_MODEL: Partial<Record<UploadEndpoint, string>> = { "images/edits": "dall-e-2", "images/variations": "dall-e-2" };

const EMPTY = new Uint8Array(0);

/** What the budget estimate reads of the form (the fields it would read of a JSON body). */
function estimateBody(form: SpooledUpload): Record<string, unknown> {
  return {
    prompt: form.fields.get("prompt"),
    input: form.fields.get("input"),
    n: form.fields.get("n"),
    image_count: form.files.length,
  };
}

/**
 * POST /v1/{endpoint} with a multipart/form-data upload: the body is spooled to a temp file (never
 * held in memory) while its `model` field is read; then the key's policy is checked, a provider is
 * picked by model, and the spooled body goes upstream unchanged. The temp file is removed on every
 * path, the client leaving included.
 */
export function proxyMultipart(endpoint: UploadEndpoint): Handler {
  return withApiKey(endpoint, async (call) => {
    const { request, event, started, policy } = call;
    let form: SpooledUpload;
    try {
      form = await spoolUpload(request.headers, request.body, { limit: getEnv().MAX_UPLOAD_BYTES });
    } catch (error) {
      if (!request.signal.aborted) throw error;
      finishEvent(event, started, { status: 499, errorCode: "client_closed" });
      return new Response(null, { status: 499 });
    }
    try {
      const model = form.fields.get("model")?.trim() || DEFAULT_MODEL[endpoint];
      if (!model) throw new ApiError("missing_model", "`model` is required: send it as a form field beside the file", "model");
      event.model = model.slice(0, 200);
      const stream = endpoint === "audio/transcriptions" && form.fields.get("stream") === "true";
      event.stream = stream;
      const ip = clientIpOf(call);
      const denied = policy?.enforced ? checkAccess(policy, model, ip) : null;
      if (denied) return refused(call, denied);
      const all = await routesFor({ model, protocol: "openai", translatable: false });
      // The model's name is inside the uploaded form, which goes upstream byte for byte: a provider
      // that knows the model under another name (an alias) cannot be sent it.
      const routes = all.filter((route) => route.model === model);
      const first = routes[0];
      if (!first) {
        const aliased = all[0] ? ` (a provider serves it as \`${all[0].model}\`, but aliases are not applied to uploads: name that model)` : "";
        throw await noRouteError(event.model, aliased);
      }
      event.providerId = first.upstream.id;
      event.providerName = first.upstream.name;
      const prices = await getPriceBook();

      let lease: Lease | undefined;
      if (policy && usesStore(policy)) {
        const admission = await admitOrFailClosed({ policy, store: await getCounterStore(), endpoint, model, clientIp: ip, body: estimateBody(form), prices });
        if (!admission.ok) return refused(call, admission);
        lease = admission.lease;
      }

      const upload = { length: form.size, contentType: form.contentType, open: () => form.open() };
      const prepared: PreparedRequest = { path: endpoint, body: EMPTY, bridge: null, upload };
      return await forwardWithLease(call, lease, prices, {
        routes,
        prepare: () => prepared,
        clientProtocol: "openai",
        requestedModel: model,
        stream,
        // A transcription stream's usage rides on its last event, which is never dropped.
        clientWantsUsage: true,
      });
    } finally {
      // The upload has been sent by the time the provider answers; a read still open keeps its data
      // (the file's name is gone at once).
      await form.dispose();
    }
  });
}
