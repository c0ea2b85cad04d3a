import type { Metadata } from "next";
import { UsagePage } from "@/app/(dashboard)/usage/_components/usage-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Usage" };

export default async function Page() {
  await requireAdminPage();
  return <UsagePage />;
}
