import type { Metadata } from "next";
import { headers } from "next/headers";
import { SettingsPage } from "@/app/(dashboard)/settings/_components/settings-page";
import { requireAdminPage } from "@/lib/auth";
import { getServerInfo } from "@/lib/server-info";

export const metadata: Metadata = { title: "Settings" };

export default async function Page() {
  const admin = await requireAdminPage();
  return <SettingsPage info={getServerInfo(await headers())} email={admin.email} />;
}
