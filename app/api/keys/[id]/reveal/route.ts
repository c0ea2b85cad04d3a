import { revealApiKey } from "@/lib/api-keys";
import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (_request, { params }) =>
  json(await revealApiKey((await params).id)),
);
