import type { Metadata } from "next";
import { UsersPage } from "@/app/(dashboard)/users/_components/users-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Team" };

export default async function Page() {
  await requireAdminPage();
  return <UsersPage />;
}
