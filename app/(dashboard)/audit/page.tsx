import type { Metadata } from "next";
import { AuditPage } from "@/app/(dashboard)/audit/_components/audit-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page() {
  await requireAdminPage();
  return <AuditPage />;
}
