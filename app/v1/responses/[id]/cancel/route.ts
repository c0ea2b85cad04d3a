import { methodNotAllowed } from "@/lib/proxy";
import { responseActionHandler } from "@/lib/proxy/responses";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return responseActionHandler("cancel", (await params).id)(request);
}
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
