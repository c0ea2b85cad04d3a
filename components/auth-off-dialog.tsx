"use client";

import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";

/** Asked before authentication goes off: what it opens, to whom, and what keeps working. */
export function AuthOffDialog({ pending, onConfirm, onClose }: { pending: boolean; onConfirm: () => void; onClose: () => void }) {
  return (
    <Dialog
      open
      size="sm"
      onOpenChange={onClose}
      dismissible={!pending}
      title="Turn authentication off?"
      description="The proxy stops checking API keys."
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Keep it on
          </Button>
          <Button variant="danger" onClick={onConfirm} loading={pending}>
            Turn off authentication
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-zinc-700 dark:text-zinc-300">
        <Callout tone="danger" title="Anyone who can reach this server can use the whole proxy">
          Every /v1 endpoint answers without a key, on your providers&apos; accounts and at your cost, and key limits (rate, budget,
          model and IP allowlists) no longer apply.
        </Callout>
        <ul className="list-disc space-y-1 pl-5">
          <li>Requests are logged as “no key”.</li>
          <li>Your keys stay as they are and work again as soon as you turn authentication back on.</li>
          <li>The dashboard and management API still need the admin sign-in.</li>
        </ul>
      </div>
    </Dialog>
  );
}
