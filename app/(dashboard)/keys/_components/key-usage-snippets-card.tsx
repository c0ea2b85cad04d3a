"use client";

import { useOnboarding } from "@/components/hooks/use-onboarding";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { UsageSnippets } from "@/components/usage-snippets";

/** How clients send a key, filled in with this server's address and a model a provider names. */
export function KeyUsageSnippetsCard({ baseUrl }: { baseUrl: string }) {
  const model = useOnboarding().data?.suggestedModel ?? undefined;
  return (
    <Card aria-labelledby="using-keys-title">
      <CardHeader
        titleId="using-keys-title"
        title="Using an API key"
        description={
          <>
            Send the key in any of three ways, or point an OpenAI SDK at <span className="font-mono text-zinc-800 dark:text-zinc-200">{baseUrl}/v1</span>.
          </>
        }
      />
      <CardBody className="min-w-0">
        <UsageSnippets baseUrl={baseUrl} model={model} />
      </CardBody>
    </Card>
  );
}
