import type { Metadata } from "next";
import { headers } from "next/headers";
import { KeyDetailPage } from "@/app/(dashboard)/keys/[id]/_components/key-detail-page";
import { requireAdminPage } from "@/lib/auth";
import { publicBaseUrl } from "@/lib/server-info";

export const metadata: Metadata = { title: "API key" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function Page({ params, searchParams }: Props) {
  await requireAdminPage();
  // ?rotate (the "Rotate" hints link here) opens the rotation dialog.
  const rotate = (await searchParams).rotate !== undefined;
  return <KeyDetailPage id={(await params).id} baseUrl={publicBaseUrl(await headers())} openRotate={rotate} />;
}
