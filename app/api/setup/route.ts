import { adminExists, assertJsonWrite, assertSameOrigin, createFirstAdmin, setupSchema } from "@/lib/auth";
import { requestOrigin } from "@/lib/audit";
import { ApiError, toErrorResponse } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** An email, a password and its confirmation: a few hundred bytes. */
const SETUP_BODY_LIMIT = 16 * 1024;

/**
 * First run only: creates the admin account while none exists (409 setup_closed afterwards).
 * Unauthenticated, so everything that can refuse does so before a byte of the body is read.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    assertJsonWrite(request);
    if (await adminExists()) throw new ApiError("setup_closed", "An admin account already exists. Sign in instead.");
    const admin = await createFirstAdmin(setupSchema.parse(await readJsonBody(request, { limit: SETUP_BODY_LIMIT })), requestOrigin(request.headers));
    return json({ email: admin.email }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
