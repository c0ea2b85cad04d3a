import { methodNotAllowed, proxyEndpoint } from "@/lib/proxy";

export const dynamic = "force-dynamic";
// Streamed and slow answers (long LLM outputs, images) on serverless hosts; see README "Deploy to Vercel".
export const maxDuration = 300;

export const POST = proxyEndpoint("images/generations");
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
