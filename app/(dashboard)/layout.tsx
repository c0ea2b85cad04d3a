import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireAdminPage } from "@/lib/auth";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const admin = await requireAdminPage();
  return <AppShell user={{ id: admin.id, email: admin.email, role: admin.role }}>{children}</AppShell>;
}
