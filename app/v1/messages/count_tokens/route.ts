import { methodNotAllowed, proxyEndpoint } from "@/lib/proxy";

export const dynamic = "force-dynamic";

/** Anthropic's Messages API, for Anthropic providers (errors and rate-limit headers in Anthropic's shape). */
export const POST = proxyEndpoint("messages/count_tokens");
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
