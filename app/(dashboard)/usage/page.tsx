import type { Metadata } from "next";
import Link from "next/link";
import { ChartIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireAdminPage } from "@/lib/auth";

export const metadata: Metadata = { title: "Usage" };

/** Usage views are built in their own issue; until then this page says so plainly. */
export default async function Page() {
  await requireAdminPage();
  return (
    <>
      <PageHeader title="Usage" description="Requests, tokens and errors per key, model and provider." />
      <Card className="px-6 py-14 text-center">
        <div className="mx-auto flex size-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
          <ChartIcon className="size-6" />
        </div>
        <h2 className="mt-4 text-base font-semibold">Usage views are coming</h2>
        <p className="mx-auto mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
          Every proxied request is already recorded, but the charts and request log are not built yet. Until they are, the API Keys
          page shows each key&apos;s request count and when it was last used.
        </p>
        <Link href="/keys" className={buttonClasses("secondary", "md", "mt-6")}>
          See usage per key
        </Link>
      </Card>
    </>
  );
}
