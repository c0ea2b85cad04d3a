import type { Metadata } from "next";
import { LogsPage } from "@/app/(dashboard)/usage/logs/_components/logs-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Request log" };

export default async function Page() {
  await requireAdminPage();
  return <LogsPage />;
}
