"use client";

import { KeyIcon, PlusIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Button } from "@/components/ui/button";
import { UsageSnippets } from "@/components/usage-snippets";

/** No key yet: what keys are for, how clients send them, and the button to make the first one. */
export function KeysEmptyState({ baseUrl, onCreate }: { baseUrl: string; onCreate: () => void }) {
  const canEdit = useCan("admin");
  return (
    <div className="px-5 py-8 sm:px-8">
      <div className="max-w-2xl">
        <div className="flex size-11 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
          <KeyIcon className="size-5" />
        </div>
        <h3 className="mt-4 text-lg font-semibold">No API keys yet</h3>
        <p className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">
          API keys authenticate the applications that call this proxy. When authentication is enabled, every request must include a
          valid key.
        </p>
        <p className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">
          Create one key per application, so you can see each one&apos;s usage and disable or revoke it on its own.
        </p>
        {canEdit && (
          <Button className="mt-5" onClick={onCreate} icon={<PlusIcon />}>
            New API Key
          </Button>
        )}
      </div>
      <div className="mt-8 min-w-0 border-t border-zinc-950/5 pt-6 dark:border-white/10">
        <h3 className="text-sm font-semibold">Using an API key</h3>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Send the key in any of three ways, or point an OpenAI SDK at <span className="font-mono text-zinc-800 dark:text-zinc-200">{baseUrl}/v1</span>.
        </p>
        <UsageSnippets baseUrl={baseUrl} />
      </div>
    </div>
  );
}
