import { withAdmin } from "@/lib/auth";
import { rollupsCsv, usageFilterSchema } from "@/lib/usage";

export const dynamic = "force-dynamic";

/** Usage totals per period, key and model as CSV, streamed. */
export const GET = withAdmin(async (request) => {
  const filter = usageFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const name = `keygate-usage-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}.csv`;
  return new Response(rollupsCsv(filter), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
