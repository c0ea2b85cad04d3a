"use client";

import Link from "next/link";
import { useRef, useState, type ReactNode } from "react";
import { onboardingDone, useOnboarding } from "@/components/hooks/use-onboarding";
import { CheckIcon, PlusIcon } from "@/components/icons";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Callout } from "@/components/ui/callout";
import { cn } from "@/components/ui/cn";
import { UsageSnippets } from "@/components/usage-snippets";
import { useRevealKey } from "@/app/(dashboard)/keys/_components/use-reveal-key";

/**
 * The first hour: admin, provider, key, first call. Each step ticks itself from what exists (polled),
 * the call snippet carries this server's address, a model the provider names and, on request, the
 * newest key. Shown until the first call is answered; an installation that was set up before never sees it.
 */
export function FirstRunChecklist({ baseUrl, onCreateKey }: { baseUrl: string; onCreateKey: () => void }) {
  const onboarding = useOnboarding();
  const reveal = useRevealKey();
  const [key, setKey] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);
  // Complete at the first look: set up long ago, nothing to guide.
  const completeOnArrival = useRef<boolean | null>(null);
  const data = onboarding.data;
  if (!data) return null;
  const done = onboardingDone(data);
  completeOnArrival.current ??= done;
  if (hidden || completeOnArrival.current) return null;

  if (done) {
    return (
      <Callout
        tone="success"
        role="status"
        title="You are set up"
        action={
          <Button size="sm" variant="secondary" onClick={() => setHidden(true)}>
            Hide
          </Button>
        }
      >
        The proxy answered its first call. Requests, tokens and costs appear on the <Link className="font-medium underline" href="/usage">Usage</Link> page.
      </Callout>
    );
  }

  const steps = [true, data.providers > 0, data.keys > 0, data.firstCall];
  const count = steps.filter(Boolean).length;
  const model = data.suggestedModel ?? "gpt-4o-mini";
  const newest = data.newestKey;

  return (
    <Card aria-labelledby="first-run-title">
      <CardHeader
        titleId="first-run-title"
        title="Get started"
        description={`${count} of ${steps.length} done. Each step ticks itself when it is done.`}
        actions={<Progress value={count} max={steps.length} />}
      />
      <ol className="divide-y divide-zinc-950/5 dark:divide-white/10">
        <Step n={1} done title="Create the admin account">
          You are signed in as the admin.
        </Step>
        <Step
          n={2}
          done={steps[1] === true}
          title="Add a provider"
          action={!steps[1] && <Link href="/providers" className={buttonClasses("primary", "sm")}>Add a provider</Link>}
        >
          Keygate forwards each request to an upstream API (OpenAI, Anthropic, or any OpenAI-compatible server) with that provider&apos;s key.
          Until one is added, every call is answered “no provider is configured”.
        </Step>
        <Step
          n={3}
          done={steps[2] === true}
          title="Create an API key"
          action={!steps[2] && <Button size="sm" variant={steps[1] ? "primary" : "secondary"} icon={<PlusIcon />} onClick={onCreateKey}>New API Key</Button>}
        >
          One key per application, so each one&apos;s usage shows on its own and it can be disabled alone.
        </Step>
        <Step n={4} done={steps[3] === true} title="Make a first call">
          <p>
            Run this from any machine that can reach the server{data.suggestedModel ? "" : ` (replace ${model} with a model your provider serves)`}. This step ticks
            when the proxy has answered a call.
          </p>
          <div className="mt-3 min-w-0">
            {newest && !key && (
              <div className="mb-3 flex flex-wrap items-center gap-2">
                <Button
                  size="sm"
                  variant="secondary"
                  loading={reveal.isPending}
                  onClick={() => reveal.mutate({ id: newest.id, purpose: "copy" }, { onSuccess: setKey })}
                >
                  Fill in the key “{newest.name}”
                </Button>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">or paste the key you copied in place of sk-xxxxxx</span>
              </div>
            )}
            <UsageSnippets baseUrl={baseUrl} apiKey={key ?? undefined} model={model} />
          </div>
        </Step>
      </ol>
    </Card>
  );
}

function Step({ n, done, title, action, children }: { n: number; done: boolean; title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <li className="flex gap-4 px-5 py-4" aria-label={`Step ${n}: ${title}${done ? " (done)" : ""}`} data-done={done}>
      <span
        className={cn(
          "flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold",
          done
            ? "bg-emerald-600 text-white dark:bg-emerald-500"
            : "bg-white text-zinc-600 ring-1 ring-zinc-300 ring-inset dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600",
        )}
      >
        {done ? <CheckIcon className="size-4" /> : n}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h3 className={cn("text-sm font-semibold", done && "text-zinc-500 line-through decoration-zinc-400 dark:text-zinc-400")}>{title}</h3>
          {action}
        </div>
        {!done || n === 4 ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
      </div>
    </li>
  );
}

function Progress({ value, max }: { value: number; max: number }) {
  return (
    <div className="h-2 w-32 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" role="progressbar" aria-label="Setup progress" aria-valuenow={value} aria-valuemin={0} aria-valuemax={max}>
      <div className="h-full rounded-full bg-emerald-500" style={{ width: `${(value / max) * 100}%` }} />
    </div>
  );
}
