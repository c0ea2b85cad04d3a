import { listModelsHandler, methodNotAllowed } from "@/lib/proxy";

export const dynamic = "force-dynamic";

export const GET = listModelsHandler;
export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
