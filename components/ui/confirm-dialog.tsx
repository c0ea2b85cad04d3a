"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  /** The confirmed action is running: the dialog cannot be dismissed and the button spins. */
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** What the action destroys, shown as a danger callout. */
  children: ReactNode;
}

/** Asks before a destructive action. */
export function ConfirmDialog({ title, confirmLabel, pending, onConfirm, onClose, children }: ConfirmDialogProps) {
  return (
    <Dialog
      open
      size="sm"
      onOpenChange={onClose}
      dismissible={!pending}
      title={title}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <Callout tone="danger">{children}</Callout>
    </Dialog>
  );
}
