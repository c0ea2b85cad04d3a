import { keyUsageHandler, methodNotAllowed } from "@/lib/proxy";

export const dynamic = "force-dynamic";

export const GET = keyUsageHandler;
export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
