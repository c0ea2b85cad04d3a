"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import { useToast } from "@/components/ui/toast";
import { formatMoment } from "@/components/usage/format";
import { NewKeySecret } from "@/app/(dashboard)/keys/_components/new-key-secret";
import { useRotateKey } from "@/app/(dashboard)/keys/_components/use-rotate-key";
import { GRACE_PRESETS } from "@/lib/api-keys/rotation";
import type { ApiKey, CreatedApiKey } from "@/lib/api-keys/schemas";

const DEFAULT_GRACE = 24 * 60 * 60;

const GRACE_HINTS: Record<number, string> = {
  0: "The current secret is refused at once: applications still using it fail until they get the new one.",
  3600: "Both secrets work for an hour, for a quick redeploy.",
  86400: "Both secrets work for a day: time to roll out the new one everywhere.",
  604800: "Both secrets work for a week, for applications that are slow to update.",
};

/**
 * Rotate → how long the current secret keeps working → the new secret, shown once with a copy
 * button. The key keeps its id, name, limits and usage.
 */
export function RotateKeyDialog({ apiKey, baseUrl, onClose }: { apiKey: ApiKey; baseUrl: string; onClose: () => void }) {
  const rotate = useRotateKey();
  const toast = useToast();
  const [grace, setGrace] = useState<number>(DEFAULT_GRACE);
  const [rotated, setRotated] = useState<CreatedApiKey | null>(null);

  function close() {
    // The secret leaves memory with the dialog.
    setRotated(null);
    rotate.reset();
    onClose();
  }

  function onRotate() {
    rotate.mutate(
      { id: apiKey.id, input: { gracePeriodSeconds: grace } },
      {
        onSuccess: (key) => {
          setRotated(key);
          toast.success(`“${key.name}” rotated`);
        },
      },
    );
  }

  if (rotated) {
    const previous = rotated.previousSecret;
    return (
      <Dialog
        open
        onOpenChange={close}
        title={`“${rotated.name}” has a new secret`}
        description="Copy it and give it to your applications. The key keeps its name, limits and usage."
        footer={<Button onClick={close}>Done</Button>}
      >
        <div className="space-y-4">
          <NewKeySecret created={rotated} baseUrl={baseUrl} />
          <p data-testid="rotated-previous" className="text-sm text-zinc-600 dark:text-zinc-400">
            {previous ? (
              <>
                The previous secret <code className="font-mono text-xs">{previous.display}</code> keeps working until{" "}
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{formatMoment(previous.expiresAt)}</span>.
              </>
            ) : (
              "The previous secret no longer works."
            )}
          </p>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onOpenChange={close}
      dismissible={!rotate.isPending}
      title={`Rotate “${apiKey.name}”`}
      description="Issue a new secret for this key. Keep the current one working while your applications move to the new one."
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={rotate.isPending}>
            Cancel
          </Button>
          <Button onClick={onRotate} loading={rotate.isPending}>
            Rotate
          </Button>
        </>
      }
    >
      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">Keep the current secret working for</legend>
        <div role="radiogroup" aria-label="Grace period" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {GRACE_PRESETS.map((preset) => {
            const selected = preset.seconds === grace;
            return (
              <label
                key={preset.seconds}
                className={cn(
                  "flex cursor-pointer items-center justify-center gap-2 rounded-lg px-3 py-2 text-sm font-medium ring-1 ring-inset",
                  selected
                    ? "bg-indigo-50 text-indigo-700 ring-indigo-500 dark:bg-indigo-500/15 dark:text-indigo-200 dark:ring-indigo-400"
                    : "text-zinc-700 ring-zinc-950/10 hover:bg-zinc-50 dark:text-zinc-300 dark:ring-white/15 dark:hover:bg-white/5",
                )}
              >
                <input type="radio" name="grace" className="sr-only" checked={selected} onChange={() => setGrace(preset.seconds)} />
                {preset.seconds === 0 ? "End now" : preset.label}
              </label>
            );
          })}
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{GRACE_HINTS[grace]}</p>
        {apiKey.previousSecret && (
          <Callout tone="warning" title="A previous secret is still valid">
            Rotating again replaces it: {apiKey.previousSecret.display} stops working at once.
          </Callout>
        )}
      </fieldset>
    </Dialog>
  );
}
