import { ChartIcon, KeyIcon, ServerIcon, SettingsIcon } from "@/components/icons";

export const NAV_ITEMS = [
  { href: "/keys", label: "API Keys", icon: KeyIcon },
  { href: "/usage", label: "Usage", icon: ChartIcon },
  { href: "/providers", label: "Providers", icon: ServerIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
] as const;
