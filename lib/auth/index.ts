export { authorizeAdmin, withAdmin } from "@/lib/auth/admin";
export { getSessionAdmin, type Admin } from "@/lib/auth/session";
