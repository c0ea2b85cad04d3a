"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { ApiClientError, errorMessage } from "@/components/api/client";
import { formatNumber } from "@/components/format";
import { PlusIcon, SearchIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { formatUsd } from "@/app/(dashboard)/models/_components/format-price";
import { useResolvePrice } from "@/app/(dashboard)/models/_components/use-resolve-price";
import type { ResolvedModelPrice } from "@/lib/prices/schemas";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-sm text-zinc-800 tabular-nums dark:text-zinc-200">{children}</dd>
    </div>
  );
}

function Answer({ price }: { price: ResolvedModelPrice }) {
  const override = price.source === "override";
  return (
    <div className="space-y-4 rounded-lg bg-zinc-50 p-4 ring-1 ring-zinc-950/5 ring-inset dark:bg-white/[0.03] dark:ring-white/10">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-medium break-all">{price.model}</span>
        {override ? <Badge tone="info">Your price</Badge> : <Badge>Shipped catalog</Badge>}
      </div>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Detail label="Input / 1M tokens">{formatUsd(price.inputUsdPerMTok)}</Detail>
        <Detail label="Output / 1M tokens">{formatUsd(price.outputUsdPerMTok)}</Detail>
        <Detail label={override ? "Matched your pattern" : "Catalog entry"}>
          <span className="font-mono break-all">{price.matched}</span>
        </Detail>
        <Detail label="Max output tokens">{price.maxOutputTokens === null ? <span className="text-zinc-400 dark:text-zinc-500">Unknown</span> : formatNumber(price.maxOutputTokens)}</Detail>
      </dl>
    </div>
  );
}

/** Which price the proxy charges a model id at, and where it comes from. */
export function CheckModelCard({ onAddFor }: { onAddFor: (model: string) => void }) {
  const canEdit = useCan("admin");
  const [text, setText] = useState("");
  const [model, setModel] = useState("");
  const resolved = useResolvePrice(model);
  const unpriced = resolved.error instanceof ApiClientError && resolved.error.status === 404;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setModel(text.trim());
  }

  return (
    <Card aria-label="Check a model">
      <CardHeader title="Check a model" description="The price the proxy charges a model id at, exactly as a client would send it, and where that price comes from." />
      <CardBody className="space-y-4">
        <form onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row">
          <div className="relative flex-1 sm:max-w-md">
            <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
            <Input
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder="e.g. gpt-4o-mini or anthropic/claude-sonnet-4"
              aria-label="Model id"
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              className="pl-9 font-mono"
            />
          </div>
          <Button type="submit" variant="secondary" disabled={text.trim() === ""}>
            Check price
          </Button>
        </form>
        {model !== "" && (
          <div role="status" aria-live="polite">
            {resolved.isPending ? (
              <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                <Spinner /> Looking up {model}…
              </p>
            ) : resolved.isSuccess ? (
              <Answer price={resolved.data} />
            ) : unpriced ? (
              <Callout
                tone="warning"
                title={<>No price for <span className="font-mono">{model}</span></>}
                action={
                  canEdit && (
                    <Button size="sm" variant="secondary" onClick={() => onAddFor(model)} icon={<PlusIcon />}>
                      Add a price
                    </Button>
                  )
                }
              >
                It is not in the shipped catalog and none of your prices matches it, so its requests are logged without a cost, and keys with a cost budget may not use it.
              </Callout>
            ) : (
              <Callout tone="danger" title="Could not look up the price">
                {errorMessage(resolved.error)}
              </Callout>
            )}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
