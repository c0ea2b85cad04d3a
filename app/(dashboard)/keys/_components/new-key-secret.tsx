"use client";

import { CodeBlock } from "@/components/code-block";
import { SecretValue } from "@/components/secret-value";
import { Callout } from "@/components/ui/callout";
import type { CreatedApiKey } from "@/lib/api-keys/schemas";

/** Shown right after creation: the full key, a copy button, and how to keep it safe. */
export function NewKeySecret({ created, baseUrl }: { created: CreatedApiKey; baseUrl: string }) {
  return (
    <div className="space-y-4">
      <SecretValue label="Your new API key" value={created.key} testId="new-key" copyLabel="Copy API key" copiedMessage="API key copied to clipboard" />
      <Callout tone="warning" title="Store this key securely">
        Keep it in an environment variable or a secrets manager, not in code or version control. Anyone with this key can use the
        proxy.
      </Callout>
      <div>
        <p className="mb-1.5 text-sm text-zinc-600 dark:text-zinc-400">OpenAI SDKs read both from the environment:</p>
        <CodeBlock wrap label="environment variables" title="Shell" code={`export OPENAI_API_KEY="${created.key}"\nexport OPENAI_BASE_URL="${baseUrl}/v1"`} />
      </div>
    </div>
  );
}
