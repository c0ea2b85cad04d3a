import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { deleteModelPrice, updateModelPrice, updateModelPriceSchema } from "@/lib/prices";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PATCH = withAdmin<Context>(async (request, { params }) =>
  json(await updateModelPrice((await params).id, updateModelPriceSchema.parse(await readJsonBody(request)))),
);

export const DELETE = withAdmin<Context>(async (_request, { params }) => {
  await deleteModelPrice((await params).id);
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed("PATCH", "DELETE");
export { other as GET, other as POST, other as PUT };
