"use client";

import { CodeBlock } from "@/components/code-block";
import { CopyButton } from "@/components/copy-button";
import { Callout } from "@/components/ui/callout";
import type { CreatedApiKey } from "@/lib/api-keys/schemas";

/** Shown right after creation: the full key, a copy button, and how to keep it safe. */
export function NewKeySecret({ created, baseUrl }: { created: CreatedApiKey; baseUrl: string }) {
  return (
    <div className="space-y-4">
      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">Your new API key</p>
        <div className="flex items-center gap-2 rounded-lg bg-zinc-50 p-2 pl-3 ring-1 ring-zinc-950/10 ring-inset dark:bg-zinc-950 dark:ring-white/10">
          <code data-testid="new-key" className="min-w-0 flex-1 font-mono text-sm break-all text-zinc-900 select-all dark:text-zinc-100">
            {created.key}
          </code>
          <CopyButton value={created.key} label="Copy API key" successMessage="API key copied to clipboard" showText variant="secondary" />
        </div>
      </div>
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
