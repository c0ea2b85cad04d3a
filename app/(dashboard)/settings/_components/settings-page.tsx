"use client";

import { AuthToggleCard } from "@/components/auth-toggle-card";
import { PageHeader } from "@/components/shell/page-header";
import { AccountCard } from "@/app/(dashboard)/settings/_components/account-card";
import { EndpointCard } from "@/app/(dashboard)/settings/_components/endpoint-card";
import { ServerCard } from "@/app/(dashboard)/settings/_components/server-card";
import type { ServerInfo } from "@/lib/server-info";

export function SettingsPage({ info, email }: { info: ServerInfo; email: string }) {
  return (
    <>
      <PageHeader title="Settings" description="How clients reach this proxy, whether they need a key, and how the server is configured." />
      <div className="space-y-6">
        <AuthToggleCard />
        <EndpointCard info={info} />
        <ServerCard info={info} />
        <AccountCard email={email} />
      </div>
    </>
  );
}
