import "server-only";
import { adminAuditContext, withAuditContext } from "@/lib/audit/context";
import { syncCachesIfStale } from "@/lib/cache/invalidation";
import { assertJsonWrite, assertSameOrigin, isWrite } from "@/lib/auth/origin";
import { hasRole, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { getSessionAdmin, type Admin } from "@/lib/auth/session";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError, errorResponse, toErrorResponse } from "@/lib/http/errors";
import { isRowId } from "@/lib/validation/text";

/** Bearer ADMIN_TOKEN (constant-time) or a dashboard session; null when neither. */
export async function authorizeAdmin(request: Request): Promise<Admin | null> {
  const authorization = request.headers.get("authorization");
  const { ADMIN_TOKEN } = getEnv();
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (ADMIN_TOKEN && match?.[1] && safeEqual(match[1], ADMIN_TOKEN)) return { id: "admin-token", email: "ADMIN_TOKEN", via: "token", role: "owner" };
    return null;
  }
  return getSessionAdmin(request.headers);
}

type AdminHandler<C> = (request: Request, context: C, admin: Admin) => Promise<Response>;

export interface AdminRouteOptions {
  /**
   * The least role this route needs. Default: a viewer may read (GET, HEAD), an admin may change
   * anything. Routes that hand out a secret on a GET (reveal) or manage users say so here.
   */
  role?: Role;
}

/** The role a request needs when its route names none. */
export function defaultRole(request: Request): Role {
  return isWrite(request) ? "admin" : "viewer";
}

/** 403 unless `admin` may do what `required` may. */
export function assertRole(admin: Admin, required: Role): void {
  if (hasRole(admin.role, required)) return;
  throw new ApiError(
    "forbidden",
    required === "owner"
      ? `Only an owner can do this: you are signed in as ${ROLE_LABELS[admin.role].toLowerCase()}`
      : `Viewers cannot change anything or see secrets: this needs an admin or owner`,
  );
}

/**
 * Route wrapper for /api: refuses anything but an admin with 401 (before any body is read), a
 * cross-site or non-JSON cookie write with 403/415, a role below the route's with 403, and turns
 * errors into responses.
 */
export function withAdmin<C = unknown>(handler: AdminHandler<C>, options: AdminRouteOptions = {}) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      // Serverless: settings, keys and providers changed through another instance are seen here too.
      await syncCachesIfStale();
      const admin = await authorizeAdmin(request);
      if (!admin) {
        return errorResponse("unauthorized", "Sign in to the dashboard, or send `Authorization: Bearer <ADMIN_TOKEN>`", null, {
          "www-authenticate": 'Bearer realm="keygate-admin"',
        });
      }
      // Cookie-authenticated writes must come from our own pages, as JSON (lib/auth/origin.ts).
      if (admin.via === "session" && isWrite(request)) {
        assertSameOrigin(request);
        assertJsonWrite(request);
      }
      assertRole(admin, options.role ?? defaultRole(request));
      await checkPathIds(context);
      // Every change the handler makes is audited as this admin's, from this request's address.
      return await withAuditContext(adminAuditContext(admin, request.headers), () => handler(request, context, admin));
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/**
 * Every `[id]` in an /api path is a row id: one that cannot be (a NUL, a slash, 200 characters) is a
 * 404 before any query runs, so no route has to remember to check it.
 */
async function checkPathIds(context: unknown): Promise<void> {
  const params = (context as { params?: Promise<Record<string, string | string[] | undefined>> } | undefined)?.params;
  if (!params) return;
  const id = (await params).id;
  if (typeof id === "string" && !isRowId(id)) throw new ApiError("not_found", "Nothing has this id: ids are letters, digits, - and _", "id");
}
