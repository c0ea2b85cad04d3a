"use client";

import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useDeleteKey } from "@/app/(dashboard)/keys/_components/use-delete-key";
import type { ApiKey } from "@/lib/api-keys/schemas";

export function DeleteKeyDialog({ apiKey, onClose, onDeleted }: { apiKey: ApiKey; onClose: () => void; onDeleted?: () => void }) {
  const remove = useDeleteKey();
  const toast = useToast();

  function onConfirm() {
    remove.mutate(apiKey.id, {
      onSuccess: () => {
        toast.success(`API key “${apiKey.name}” deleted`);
        onClose();
        onDeleted?.();
      },
    });
  }

  return (
    <Dialog
      open
      size="sm"
      onOpenChange={onClose}
      dismissible={!remove.isPending}
      title={`Delete “${apiKey.name}”?`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm} loading={remove.isPending}>
            Delete key
          </Button>
        </>
      }
    >
      <Callout tone="danger">
        Deleting a key is permanent. Applications using <span className="font-mono">{apiKey.display}</span> will lose access
        immediately. To pause a key instead, switch it off.
      </Callout>
    </Dialog>
  );
}
