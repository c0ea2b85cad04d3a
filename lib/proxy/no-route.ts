import "server-only";
import { ApiError } from "@/lib/http/errors";
import { getUpstreams } from "@/lib/providers";

/**
 * The error for a model no route serves: with no enabled provider at all, the server is not set up
 * yet, and saying so beats "model not found" (a 503 clients are told not to retry).
 */
export async function noRouteError(model: string, detail = ""): Promise<ApiError> {
  if ((await getUpstreams()).length === 0) {
    return new ApiError(
      "no_providers",
      "No provider is configured: add one on the Providers page of the Keygate dashboard (or set UPSTREAM_BASE_URL), then try again",
      null,
      { "x-should-retry": "false" },
    );
  }
  return new ApiError("model_not_found", `The model \`${model}\` does not exist or no enabled provider serves it${detail}`, "model");
}
