import { createFirstAdmin, isSameOrigin, setupSchema } from "@/lib/auth";
import { errorResponse, toErrorResponse } from "@/lib/http/errors";
import { json, readJson } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** First run only: creates the admin account while none exists (409 setup_closed afterwards). */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!isSameOrigin(request)) return errorResponse("forbidden", "Setup must be submitted from this server's own page");
    const admin = await createFirstAdmin(setupSchema.parse(await readJson(request)));
    return json({ email: admin.email }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
