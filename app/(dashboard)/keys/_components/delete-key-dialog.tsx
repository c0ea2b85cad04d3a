"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
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
    <ConfirmDialog title={`Delete “${apiKey.name}”?`} confirmLabel="Delete key" pending={remove.isPending} onConfirm={onConfirm} onClose={onClose}>
      Deleting a key is permanent. Applications using <span className="font-mono">{apiKey.display}</span> will lose access
      immediately. To pause a key instead, switch it off.
    </ConfirmDialog>
  );
}
