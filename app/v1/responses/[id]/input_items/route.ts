import { methodNotAllowed } from "@/lib/proxy";
import { responseActionHandler } from "@/lib/proxy/responses";

export const dynamic = "force-dynamic";

/** The query string (limit, after, order, include) goes on to the provider. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return responseActionHandler("input_items", (await params).id)(request);
}
export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
