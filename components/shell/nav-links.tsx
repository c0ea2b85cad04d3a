"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { activeNavHref, NAV_ITEMS } from "@/components/shell/nav-items";
import { cn } from "@/components/ui/cn";

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const current = activeNavHref(usePathname());
  return (
    <ul className="space-y-1">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => {
        const active = href === current;
        return (
          <li key={href}>
            <Link
              href={href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
                active
                  ? "bg-zinc-100 text-zinc-900 dark:bg-white/10 dark:text-white"
                  : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-white/5 dark:hover:text-zinc-100",
              )}
            >
              <Icon className={cn("size-[18px]", active ? "text-indigo-600 dark:text-indigo-400" : "text-zinc-400 dark:text-zinc-500")} />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
