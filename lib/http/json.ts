/** The bounded JSON body reader under its older name (same options), for routes written before lib/http/body.ts. */
export { readJsonBody as readJson } from "@/lib/http/body";

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
