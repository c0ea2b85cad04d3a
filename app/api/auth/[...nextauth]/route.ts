import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions, prepareAuthRequest } from "@/lib/auth";
import { toErrorResponse } from "@/lib/http/errors";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request (lazily cached) so the build never needs APP_SECRET. The request is
// checked and its body bounded first (lib/auth/auth-request.ts).
async function handler(request: NextRequest, context: Context): Promise<Response> {
  let prepared: NextRequest;
  try {
    prepared = await prepareAuthRequest(request);
  } catch (error) {
    return toErrorResponse(error);
  }
  return NextAuth(prepared, context, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };

const other = methodNotAllowed("GET", "POST");
export { other as PUT, other as PATCH, other as DELETE };
