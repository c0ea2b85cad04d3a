"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { ChartIcon, ListIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import { readUsageParams, toQueryString } from "@/components/usage/params";

const TABS = [
  { href: "/usage", label: "Overview", icon: ChartIcon },
  { href: "/usage/logs", label: "Request log", icon: ListIcon },
] as const;

/** Overview and request log side by side; switching keeps the range, key and model. */
export function UsageNav() {
  const pathname = usePathname();
  const query = toQueryString(readUsageParams(new URLSearchParams(useSearchParams().toString())));
  return (
    <nav aria-label="Usage views" className="mb-5 border-b border-zinc-950/10 dark:border-white/10">
      <ul className="-mb-px flex gap-5">
        {TABS.map(({ href, label, icon: Icon }) => {
          const active = pathname === href;
          return (
            <li key={href}>
              <Link
                href={query ? `${href}?${query}` : href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 border-b-2 px-0.5 pb-2.5 text-sm font-medium transition-colors",
                  active
                    ? "border-indigo-500 text-zinc-900 dark:text-white"
                    : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-200",
                )}
              >
                <Icon className={cn("size-4", active ? "text-indigo-600 dark:text-indigo-400" : "text-zinc-400")} />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
