import type { Metadata } from "next";
import { ModelsPage } from "@/app/(dashboard)/models/_components/models-page";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Models & pricing" };

export default async function Page() {
  await requireAdminPage();
  return <ModelsPage />;
}
