import { assertJsonWrite, assertSameOrigin } from "@/lib/auth";
import { requestOrigin } from "@/lib/audit";
import { readJsonBody } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";
import { acceptInvite } from "@/lib/team";

export const dynamic = "force-dynamic";

/** A token, a password and its confirmation: a few hundred bytes. */
const ACCEPT_BODY_LIMIT = 16 * 1024;

/**
 * The invite page: `{token, password, confirmPassword}` sets the invited user's password (the link
 * is then used up). Unauthenticated: the 256-bit token is the credential; from our own pages only.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    assertJsonWrite(request);
    const accepted = await acceptInvite(await readJsonBody(request, { limit: ACCEPT_BODY_LIMIT }), requestOrigin(request.headers));
    return json(accepted);
  } catch (error) {
    return toErrorResponse(error);
  }
}

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
