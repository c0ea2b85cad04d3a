import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getRequestLogOrThrow } from "@/lib/usage";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (_request, { params }) =>
  json(await getRequestLogOrThrow((await params).id)),
);
