import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { resolveModelPrice, resolveModelPriceQuerySchema } from "@/lib/prices";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET /api/prices/resolve?model=…: the price the proxy would charge the model at, and its source. */
export const GET = withAdmin(async (request) => {
  const { model } = resolveModelPriceQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await resolveModelPrice(model));
});

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
