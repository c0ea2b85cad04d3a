import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/app/(auth)/login/_components/login-form";
import { adminExists, getPageAdmin } from "@/lib/auth";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: the callback must never send the admin to another origin. */
function safeCallback(value: string | string[] | undefined): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/keys";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getPageAdmin()) redirect(callbackUrl);
  if (!(await adminExists())) redirect("/setup");
  return <LoginForm callbackUrl={callbackUrl} />;
}
