import { withAdmin } from "@/lib/auth";
import { csvDownload } from "@/lib/http/json";
import { logQuerySchema, requestLogsCsv } from "@/lib/usage";

export const dynamic = "force-dynamic";

/** The filtered request log as CSV, streamed page by page. */
export const GET = withAdmin(async (request) =>
  csvDownload(requestLogsCsv(logQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))), "keygate-requests"),
);
