import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { testConnection, testConnectionSchema } from "@/lib/providers";

export const dynamic = "force-dynamic";

/** Tests a provider configuration before it is saved. */
export const POST = withAdmin(async (request) => json(await testConnection(testConnectionSchema.parse(await readJsonBody(request)))));
