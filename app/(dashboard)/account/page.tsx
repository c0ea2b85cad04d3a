import type { Metadata } from "next";
import { AccountPage } from "@/app/(dashboard)/account/_components/account-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Account" };

export default async function Page() {
  const admin = await requireAdminPage();
  return <AccountPage email={admin.email} role={admin.role} />;
}
