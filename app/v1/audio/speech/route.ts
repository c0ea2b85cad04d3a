import { methodNotAllowed, proxyEndpoint } from "@/lib/proxy";

export const dynamic = "force-dynamic";

export const POST = proxyEndpoint("audio/speech");
export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
