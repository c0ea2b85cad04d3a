import { notFoundHandler } from "@/lib/proxy";

export const dynamic = "force-dynamic";

export const GET = notFoundHandler;
export const POST = notFoundHandler;
export const PUT = notFoundHandler;
export const PATCH = notFoundHandler;
export const DELETE = notFoundHandler;
export const OPTIONS = notFoundHandler;
export const HEAD = notFoundHandler;
