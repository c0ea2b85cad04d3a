import type { Metadata } from "next";
import { headers } from "next/headers";
import { KeysPage } from "@/app/(dashboard)/keys/_components/keys-page";
import { requireAdminPage } from "@/lib/auth";
import { publicBaseUrl } from "@/lib/server-info";

export const metadata: Metadata = { title: "API Keys" };

export default async function Page() {
  await requireAdminPage();
  return <KeysPage baseUrl={publicBaseUrl(await headers())} />;
}
