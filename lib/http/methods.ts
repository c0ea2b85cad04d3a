import { errorResponse } from "@/lib/http/errors";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The answer to a method a route does not serve: 405 in the API's error shape with `Allow`
 * (Next.js's own 405 has an empty body). Routes export it under each method they do not serve.
 */
export function methodNotAllowed(...allowed: (typeof METHODS)[number][]) {
  const allow = allowed.join(", ");
  return async (request: Request): Promise<Response> =>
    errorResponse("method_not_allowed", `Method ${request.method} is not allowed here; use ${allow}`, null, { allow });
}
