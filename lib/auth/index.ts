export { authorizeAdmin, withAdmin } from "@/lib/auth/admin";
export { getSessionAdmin, sessionCookie, type Admin } from "@/lib/auth/session";
export { changeEmail, changePassword } from "@/lib/auth/account";
export { adminExists, createFirstAdmin, ensureAdminFromEnv, type AdminUser } from "@/lib/auth/users";
export { getAuthOptions } from "@/lib/auth/next-auth";
export { getPageAdmin, requireAdminPage } from "@/lib/auth/page";
export { assertJsonWrite, assertSameOrigin } from "@/lib/auth/origin";
export * from "@/lib/auth/schemas";
export { prepareAuthRequest } from "@/lib/auth/auth-request";
