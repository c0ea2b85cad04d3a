import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { searchCatalog, searchCatalogQuerySchema } from "@/lib/prices";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET /api/prices/catalog?search=&page=&pageSize=: the shipped price table, a page at a time. */
export const GET = withAdmin(async (request) => json(await searchCatalog(searchCatalogQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)))));

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
