"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { CloseIcon, MenuIcon } from "@/components/icons";
import { AccountMenu } from "@/components/shell/account-menu";
import { AuthOffBanner } from "@/components/shell/auth-off-banner";
import { Brand } from "@/components/shell/brand";
import { NavLinks } from "@/components/shell/nav-links";
import { SessionUserProvider, type SessionUser } from "@/components/shell/session-user";
import { Button } from "@/components/ui/button";

/** Sidebar on wide screens; a top bar with a collapsible menu on phones. */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <SessionUserProvider user={user}>
      <div className="min-h-dvh lg:flex">
        <aside className="hidden w-64 shrink-0 border-r border-zinc-950/5 bg-white lg:block dark:border-white/10 dark:bg-zinc-900">
          <div className="sticky top-0 flex h-dvh flex-col">
            <div className="flex h-16 items-center px-5">
              <Brand />
            </div>
            <nav aria-label="Main" className="flex-1 px-3 py-2">
              <NavLinks />
            </nav>
            <div className="border-t border-zinc-950/5 p-4 dark:border-white/10">
              <AccountMenu email={user.email} role={user.role} />
            </div>
          </div>
        </aside>

        <header className="sticky top-0 z-30 border-b border-zinc-950/5 bg-white/90 backdrop-blur lg:hidden dark:border-white/10 dark:bg-zinc-900/90">
          <div className="flex h-14 items-center justify-between px-4">
            <Brand />
            <Button
              variant="ghost"
              size="icon"
              aria-label={menuOpen ? "Close navigation" : "Open navigation"}
              aria-expanded={menuOpen}
              aria-controls="mobile-navigation"
              onClick={() => setMenuOpen((open) => !open)}
              icon={menuOpen ? <CloseIcon className="size-5" /> : <MenuIcon className="size-5" />}
            />
          </div>
          {menuOpen && (
            <div id="mobile-navigation" className="border-t border-zinc-950/5 px-3 pt-2 pb-4 dark:border-white/10">
              <nav aria-label="Main">
                <NavLinks onNavigate={() => setMenuOpen(false)} />
              </nav>
              <div className="mt-3 border-t border-zinc-950/5 px-1 pt-3 dark:border-white/10">
                <AccountMenu email={user.email} role={user.role} />
              </div>
            </div>
          )}
        </header>

        <main className="min-w-0 flex-1">
          <AuthOffBanner />
          <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-10">{children}</div>
        </main>
      </div>
    </SessionUserProvider>
  );
}
