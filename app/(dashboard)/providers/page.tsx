import type { Metadata } from "next";
import { ProvidersPage } from "@/app/(dashboard)/providers/_components/providers-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Providers" };

export default async function Page() {
  await requireAdminPage();
  return <ProvidersPage />;
}
