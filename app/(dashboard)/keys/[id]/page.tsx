import type { Metadata } from "next";
import { KeyDetailPage } from "@/app/(dashboard)/keys/[id]/_components/key-detail-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "API key" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  return <KeyDetailPage id={(await params).id} />;
}
