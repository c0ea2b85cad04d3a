import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/app/(auth)/setup/_components/setup-form";
import { adminExists } from "@/lib/auth";

export const metadata: Metadata = { title: "Create the admin account" };
export const dynamic = "force-dynamic";

/** First run only: once an admin exists this page is gone (and POST /api/setup refuses). */
export default async function SetupPage() {
  if (await adminExists()) redirect("/login");
  return <SetupForm />;
}
