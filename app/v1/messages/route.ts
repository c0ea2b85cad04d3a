import { methodNotAllowed, proxyEndpoint } from "@/lib/proxy";

export const dynamic = "force-dynamic";
// Streamed and slow answers (long LLM outputs, images) on serverless hosts; see README "Deploy to Vercel".
export const maxDuration = 300;

/** Anthropic's Messages API, for Anthropic providers (errors and rate-limit headers in Anthropic's shape). */
export const POST = proxyEndpoint("messages");
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
