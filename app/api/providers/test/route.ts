import { withAdmin } from "@/lib/auth";
import { json, readJson } from "@/lib/http/json";
import { testConnection, testConnectionSchema } from "@/lib/providers";

export const dynamic = "force-dynamic";

/** Tests a provider configuration before it is saved. */
export const POST = withAdmin(async (request) => json(await testConnection(testConnectionSchema.parse(await readJson(request)))));
