import { methodNotAllowed, proxyMultipart } from "@/lib/proxy";

export const dynamic = "force-dynamic";
// Streamed and slow answers (long LLM outputs, images) on serverless hosts; see README "Deploy to Vercel".
export const maxDuration = 300;

/** multipart/form-data: spooled to a temp file, routed by its `model` field, sent upstream unchanged. */
export const POST = proxyMultipart("images/edits");
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
