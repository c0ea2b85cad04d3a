"use client";

import { AuthToggleCard } from "@/components/auth-toggle-card";
import { PageHeader } from "@/components/shell/page-header";
import { ViewOnlyNote } from "@/components/view-only-note";
import { AccountCard } from "@/app/(dashboard)/settings/_components/account-card";
import { EndpointCard } from "@/app/(dashboard)/settings/_components/endpoint-card";
import { RetentionCard } from "@/app/(dashboard)/settings/_components/retention-card";
import { RotationCard } from "@/app/(dashboard)/settings/_components/rotation-card";
import { ServerCard } from "@/app/(dashboard)/settings/_components/server-card";
import type { ServerInfo } from "@/lib/server-info";

export function SettingsPage({ info, email }: { info: ServerInfo; email: string }) {
  return (
    <>
      <PageHeader title="Settings" description="How clients reach this proxy, whether they need a key, how long usage data is kept, when keys should be rotated, and how the server is configured." />
      <ViewOnlyNote what="settings" />
      <div className="space-y-6">
        <AuthToggleCard />
        <EndpointCard info={info} />
        <RetentionCard />
        <RotationCard />
        <ServerCard info={info} />
        <AccountCard email={email} />
      </div>
    </>
  );
}
