"use client";

import Link from "next/link";
import { LogOutIcon } from "@/components/icons";
import { useSignOut } from "@/components/shell/use-sign-out";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";

export function AccountCard({ email }: { email: string }) {
  const { signOut, pending } = useSignOut();
  return (
    <Card>
      <CardHeader
        className="border-b-0"
        title="Account"
        description={
          <>
            Signed in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{email}</span>. Sessions last 7 days.
          </>
        }
        actions={
          <>
          <Link href="/account" className={buttonClasses("secondary")}>
            Change email or password
          </Link>
          <Button
            variant="secondary"
            loading={pending}
            icon={<LogOutIcon />}
            onClick={signOut}
          >
            Sign out
          </Button>
          </>
        }
      />
    </Card>
  );
}
