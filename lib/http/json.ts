import { ApiError } from "@/lib/http/errors";

/** Parses a JSON request body, or fails with a clear 400. */
export async function readJson(request: Request, { optional = false, limit = 1024 * 1024 } = {}): Promise<unknown> {
  const text = await request.text();
  if (text.length > limit) throw new ApiError("body_too_large", `Request body is larger than ${limit} bytes`);
  if (text.trim() === "") {
    if (optional) return {};
    throw new ApiError("invalid_body", "Request body is empty: send a JSON object");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError("invalid_json", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** JSON response with no caching: management data is always live and may be sensitive. */
export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("cache-control", "no-store");
  return Response.json(data, { ...init, headers });
}

/** A streamed CSV download named `<prefix>-<UTC timestamp>.csv`. */
export function csvDownload(stream: ReadableStream<Uint8Array>, prefix: string): Response {
  const name = `${prefix}-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}.csv`;
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}
