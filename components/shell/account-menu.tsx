"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { LogOutIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";

/** The signed-in admin and the way out. */
export function AccountMenu({ email }: { email: string }) {
  const client = useQueryClient();
  const [leaving, setLeaving] = useState(false);
  const initial = email.slice(0, 1).toUpperCase();

  async function onSignOut() {
    setLeaving(true);
    client.clear();
    await signOut({ callbackUrl: "/login" });
  }

  return (
    <div className="flex items-center gap-3">
      <div
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-200"
      >
        {initial}
      </div>
      <div className="min-w-0 flex-1">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Signed in as</p>
        <p className="truncate text-sm font-medium" title={email}>
          {email}
        </p>
      </div>
      <Button variant="ghost" size="icon" aria-label="Sign out" title="Sign out" onClick={onSignOut} loading={leaving} icon={<LogOutIcon />} />
    </div>
  );
}
