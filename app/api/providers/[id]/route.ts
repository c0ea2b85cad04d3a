import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { deleteProvider, getProviderOrThrow, updateProvider, updateProviderSchema } from "@/lib/providers";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = withAdmin<Context>(async (_request, { params }) => json(await getProviderOrThrow((await params).id)));

export const PATCH = withAdmin<Context>(async (request, { params }) =>
  json(await updateProvider((await params).id, updateProviderSchema.parse(await readJsonBody(request)))),
);

export const DELETE = withAdmin<Context>(async (_request, { params }) => {
  await deleteProvider((await params).id);
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed("GET", "PATCH", "DELETE");
export { other as POST, other as PUT };
