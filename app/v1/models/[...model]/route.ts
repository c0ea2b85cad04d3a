import { getModelHandler, methodNotAllowed } from "@/lib/proxy";

export const dynamic = "force-dynamic";

// A catch-all, because model ids may contain slashes (e.g. meta-llama/Llama-3-8B). Next.js has
// already decoded the segments: decoding again breaks ids with "%" in them.
export async function GET(request: Request, { params }: { params: Promise<{ model: string[] }> }) {
  const { model } = await params;
  return getModelHandler(model.join("/"))(request);
}
export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
