"use client";

import type { ReactNode } from "react";
import { formatBytes, formatDuration } from "@/components/format";
import { useHealth } from "@/components/hooks/use-health";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { ServerInfo } from "@/lib/server-info";

function Row({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="grid gap-1 px-5 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="text-sm text-zinc-900 sm:col-span-2 dark:text-zinc-100">
        {children}
        {hint && <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
      </dd>
    </div>
  );
}

const yesNo = (value: boolean) => (value ? <Badge tone="success">Configured</Badge> : <Badge>Not set</Badge>);

/** Read-only: what the server runs on and how it is configured (environment variables, never their secrets). */
export function ServerCard({ info }: { info: ServerInfo }) {
  const health = useHealth();
  const data = health.data;
  return (
    <Card>
      <CardHeader title="Server" description="Configured through environment variables; restart the server to change them." />
      <dl className="divide-y divide-zinc-950/5 dark:divide-white/10">
        <Row label="Status">
          {health.isPending ? <Skeleton className="h-5 w-24" /> : data?.status === "ok" ? <Badge tone="success">Healthy</Badge> : <Badge tone="danger">Unavailable</Badge>}
          {data && <span className="ml-2 text-zinc-500 dark:text-zinc-400">up {formatDuration(data.uptimeSeconds)}</span>}
        </Row>
        <Row label="Database" hint={data?.database === "pglite" ? "Single instance; set DATABASE_URL to use PostgreSQL." : undefined}>
          {health.isPending ? <Skeleton className="h-5 w-40" /> : data?.database === "postgresql" ? "PostgreSQL (DATABASE_URL)" : data?.database === "pglite" ? "Embedded PGlite" : "Unknown"}
        </Row>
        <Row label="Admin API token" hint="ADMIN_TOKEN lets scripts call /api with a Bearer token.">
          {yesNo(info.adminTokenConfigured)}
        </Row>
        <Row label="Admin from environment" hint="ADMIN_EMAIL and ADMIN_PASSWORD create or reset the admin at start.">
          {yesNo(info.adminFromEnv)}
        </Row>
        <Row label="Default upstream" hint="UPSTREAM_BASE_URL adds a provider kept in step with the environment.">
          {info.upstreamFromEnv ? <span className="font-mono text-xs break-all">{info.upstreamFromEnv}</span> : <Badge>Not set</Badge>}
        </Row>
        <Row label="Request body limit">{formatBytes(info.maxBodyBytes)}</Row>
        <Row label="Upstream timeout">{formatDuration(Math.round(info.upstreamTimeoutMs / 1000))}</Row>
        <Row label="Usage write interval" hint="How long usage counts can lag behind requests.">
          {info.usageFlushMs} ms
        </Row>
      </dl>
    </Card>
  );
}
