export { authorizeAdmin, withAdmin } from "@/lib/auth/admin";
export { getSessionAdmin, type Admin } from "@/lib/auth/session";
export { adminExists, createFirstAdmin, ensureAdminFromEnv, type AdminUser } from "@/lib/auth/users";
export { getAuthOptions } from "@/lib/auth/next-auth";
export { getPageAdmin, requireAdminPage } from "@/lib/auth/page";
export { assertJsonWrite, assertSameOrigin } from "@/lib/auth/origin";
export * from "@/lib/auth/schemas";
export { prepareAuthRequest } from "@/lib/auth/auth-request";
