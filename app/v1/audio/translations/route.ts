import { methodNotAllowed, proxyMultipart } from "@/lib/proxy";

export const dynamic = "force-dynamic";

/** multipart/form-data: spooled to a temp file, routed by its `model` field, sent upstream unchanged. */
export const POST = proxyMultipart("audio/translations");
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
