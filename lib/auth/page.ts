import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSessionAdmin, type Admin } from "@/lib/auth/session";
import { adminExists } from "@/lib/auth/users";

/** The signed-in admin for this page request (looked up once per render). */
export const getPageAdmin = cache(async (): Promise<Admin | null> => getSessionAdmin(await headers()));

/** Every dashboard page calls this: no session, no page (first run goes to /setup instead). */
export async function requireAdminPage(): Promise<Admin> {
  const admin = await getPageAdmin();
  if (admin) return admin;
  redirect((await adminExists()) ? "/login" : "/setup");
}
