import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/app/(auth)/login/_components/login-form";
import { adminExists, getPageAdmin } from "@/lib/auth";
import { safeRedirect } from "@/lib/http/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only same-origin paths: the callback must never send the admin to another origin.
  const callbackUrl = safeRedirect(params.callbackUrl, "/keys");
  if (await getPageAdmin()) redirect(callbackUrl);
  if (!(await adminExists())) redirect("/setup");
  return <LoginForm callbackUrl={callbackUrl} />;
}
