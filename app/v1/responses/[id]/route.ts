import { methodNotAllowed } from "@/lib/proxy";
import { responseActionHandler } from "@/lib/proxy/responses";

export const dynamic = "force-dynamic";
// Streamed and slow answers (long LLM outputs, images) on serverless hosts; see README "Deploy to Vercel".
export const maxDuration = 300;

type Params = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Params) {
  return responseActionHandler("get", (await params).id)(request);
}
export async function DELETE(request: Request, { params }: Params) {
  return responseActionHandler("delete", (await params).id)(request);
}
export const POST = methodNotAllowed("GET", "DELETE");
export const PUT = POST;
export const PATCH = POST;
