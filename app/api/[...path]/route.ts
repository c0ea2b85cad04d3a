import { notFoundHandler } from "@/lib/proxy";

export const dynamic = "force-dynamic";

// Unknown management paths answer in the API's error shape, not with the dashboard's HTML 404.
export const GET = notFoundHandler;
export const POST = notFoundHandler;
export const PUT = notFoundHandler;
export const PATCH = notFoundHandler;
export const DELETE = notFoundHandler;
export const OPTIONS = notFoundHandler;
export const HEAD = notFoundHandler;
