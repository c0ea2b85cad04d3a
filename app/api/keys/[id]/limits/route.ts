import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getKeyLimits } from "@/lib/policies";

export const dynamic = "force-dynamic";

/** A key's limits against its current use (the key page's Limits card). */
export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (_request, { params }) => json(await getKeyLimits((await params).id)));
