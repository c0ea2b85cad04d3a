"use client";

import { CopyButton } from "@/components/copy-button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { UsageSnippets } from "@/components/usage-snippets";
import type { ServerInfo } from "@/lib/server-info";

export function EndpointCard({ info }: { info: ServerInfo }) {
  const endpoint = `${info.baseUrl}/v1`;
  return (
    <Card>
      <CardHeader title="Proxy endpoint" description="Point any OpenAI-compatible client at this base URL." />
      <CardBody className="space-y-5">
        <div>
          <p className="mb-1.5 text-sm font-medium">Base URL</p>
          <div className="flex items-center gap-2 rounded-lg bg-zinc-50 p-1.5 pl-3 ring-1 ring-zinc-950/10 ring-inset dark:bg-zinc-950 dark:ring-white/10">
            <code className="min-w-0 flex-1 truncate font-mono text-sm" data-testid="proxy-base-url">
              {endpoint}
            </code>
            <CopyButton value={endpoint} label="Copy base URL" successMessage="Base URL copied" showText variant="secondary" />
          </div>
          <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            {info.publicUrlConfigured
              ? "From PUBLIC_URL."
              : "Taken from the address you opened the dashboard with. Set PUBLIC_URL if clients reach the server under another name."}
          </p>
        </div>
        <div>
          <p className="mb-2 text-sm font-medium">Client examples</p>
          <UsageSnippets baseUrl={info.baseUrl} />
        </div>
      </CardBody>
    </Card>
  );
}
