"use client";

import { useEffect, useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { EyeIcon, EyeOffIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Spinner } from "@/components/ui/spinner";
import { useRevealKey } from "@/app/(dashboard)/keys/_components/use-reveal-key";
import type { ApiKey } from "@/lib/api-keys/schemas";

const HIDE_AFTER_MS = 60_000;

/**
 * The masked key; a click fetches and shows the full key (hidden again after a minute). A viewer
 * sees only the masked key: revealing and copying it need an admin.
 */
export function KeyValue({ apiKey }: { apiKey: Pick<ApiKey, "id" | "name" | "display"> }) {
  if (!useCan("admin")) {
    return (
      <code data-testid="masked-key" title="The full key is shown to admins and owners only" className="inline-block px-1.5 py-1 font-mono text-xs whitespace-nowrap text-zinc-700 dark:text-zinc-300">
        {apiKey.display}
      </code>
    );
  }
  return <RevealableKeyValue apiKey={apiKey} />;
}

function RevealableKeyValue({ apiKey }: { apiKey: Pick<ApiKey, "id" | "name" | "display"> }) {
  const reveal = useRevealKey();
  const [full, setFull] = useState<string | null>(null);

  useEffect(() => {
    if (!full) return;
    const timer = setTimeout(() => setFull(null), HIDE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [full]);

  async function show() {
    setFull(await reveal.mutateAsync({ id: apiKey.id }).catch(() => null));
  }

  return (
    <div className="flex min-w-0 items-center gap-1">
      {/* One box of one width for both states: revealing the key never re-flows the table's columns. */}
      <div className="flex w-36 shrink-0 items-center">
        {full ? (
          <>
            <code
              data-testid="full-key"
              title={full}
              className="block min-w-0 flex-1 overflow-x-auto rounded bg-zinc-100 px-1.5 py-1 font-mono text-xs whitespace-nowrap text-zinc-900 select-all dark:bg-zinc-800 dark:text-zinc-100"
            >
              {full}
            </code>
            <button
              type="button"
              aria-label={`Hide full key for ${apiKey.name}`}
              title="Hide"
              onClick={() => setFull(null)}
              className="ml-0.5 shrink-0 rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <EyeOffIcon className="size-3.5" />
            </button>
          </>
        ) : (
          <button
            type="button"
            onClick={show}
            disabled={reveal.isPending}
            aria-label={`Show full key for ${apiKey.name}`}
            title="Click to view the full key"
            className="group inline-flex items-center gap-1.5 rounded-md px-1.5 py-1 font-mono text-xs whitespace-nowrap text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            {apiKey.display}
            {reveal.isPending ? (
              <Spinner className="size-3.5" />
            ) : (
              <EyeIcon className="size-3.5 text-zinc-400 group-hover:text-zinc-700 dark:group-hover:text-zinc-200" />
            )}
          </button>
        )}
      </div>
      <CopyButton
        label={`Copy key ${apiKey.name}`}
        successMessage={`Key “${apiKey.name}” copied to clipboard`}
        value={() => (full ? Promise.resolve(full) : reveal.mutateAsync({ id: apiKey.id, purpose: "copy" }))}
      />
    </div>
  );
}
