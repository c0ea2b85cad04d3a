import { redirect } from "next/navigation";
import { adminExists, getPageAdmin } from "@/lib/auth";

export const dynamic = "force-dynamic";

export default async function Home() {
  if (await getPageAdmin()) redirect("/keys");
  redirect((await adminExists()) ? "/login" : "/setup");
}
