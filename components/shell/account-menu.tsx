"use client";

import Link from "next/link";
import { LogOutIcon } from "@/components/icons";
import { useSignOut } from "@/components/shell/use-sign-out";
import { Button } from "@/components/ui/button";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

/** The signed-in user, their role, and the way out. */
export function AccountMenu({ email, role }: { email: string; role: Role }) {
  const { signOut, pending } = useSignOut();
  const initial = email.slice(0, 1).toUpperCase();

  return (
    <div className="flex items-center gap-3">
      <div
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-200"
      >
        {initial}
      </div>
      <Link href="/account" className="group min-w-0 flex-1" title="Account: change email or password">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Signed in as <span className="font-medium text-zinc-700 dark:text-zinc-300">{ROLE_LABELS[role].toLowerCase()}</span>
        </p>
        <p className="truncate text-sm font-medium group-hover:text-indigo-600 group-hover:underline dark:group-hover:text-indigo-300">{email}</p>
      </Link>
      <Button variant="ghost" size="icon" aria-label="Sign out" title="Sign out" onClick={signOut} loading={pending} icon={<LogOutIcon />} />
    </div>
  );
}
