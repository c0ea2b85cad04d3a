import { ChartIcon, CoinsIcon, KeyIcon, ListIcon, ServerIcon, SettingsIcon, ShieldIcon, UsersIcon } from "@/components/icons";

export const NAV_ITEMS = [
  { href: "/keys", label: "API Keys", icon: KeyIcon },
  { href: "/usage", label: "Usage", icon: ChartIcon },
  { href: "/usage/logs", label: "Request log", icon: ListIcon },
  { href: "/providers", label: "Providers", icon: ServerIcon },
  { href: "/models", label: "Models & pricing", icon: CoinsIcon },
  { href: "/audit", label: "Audit log", icon: ShieldIcon },
  { href: "/users", label: "Team", icon: UsersIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
] as const;

/** The item a path belongs to: the longest matching href ("/usage/logs" over "/usage"). */
export function activeNavHref(pathname: string): string | undefined {
  return NAV_ITEMS.map((item) => item.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}
