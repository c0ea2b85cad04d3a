import { withAdmin } from "@/lib/auth";
import { logQuerySchema, requestLogsCsv } from "@/lib/usage";

export const dynamic = "force-dynamic";

/** The filtered request log as CSV, streamed page by page. */
export const GET = withAdmin(async (request) => {
  const query = logQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const name = `keygate-requests-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}.csv`;
  return new Response(requestLogsCsv(query), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
