import type { Metadata } from "next";
import Link from "next/link";
import { InviteForm } from "@/app/(auth)/invite/[token]/_components/invite-form";
import { Card } from "@/components/ui/card";
import { findInvite } from "@/lib/team";

// The link's token is in this page's URL: it must not leave in a Referer.
export const metadata: Metadata = { title: "Accept your invite", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

/** Where an invited user sets their password (the link an owner passed on, valid 7 days, single use). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(token);
  if (!invite) {
    return (
      <Card className="p-6 sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight">Invite not valid</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          This invite link is invalid, used or expired: ask an owner for a new one. If you already set your password, sign in.
        </p>
        <Link href="/login" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Go to sign in
        </Link>
      </Card>
    );
  }
  return <InviteForm token={token} email={invite.email} role={invite.role} invitedBy={invite.invitedBy} expiresAt={invite.expiresAt.toISOString()} />;
}
