"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { useDeleteProvider } from "@/app/(dashboard)/providers/_components/use-delete-provider";
import type { Provider } from "@/lib/providers/schemas";

export function DeleteProviderDialog({ provider, onClose }: { provider: Provider; onClose: () => void }) {
  const remove = useDeleteProvider();
  const toast = useToast();

  function onConfirm() {
    remove.mutate(provider.id, {
      onSuccess: () => {
        toast.success(`Provider “${provider.name}” deleted`);
        onClose();
      },
    });
  }

  return (
    <ConfirmDialog title={`Delete “${provider.name}”?`} confirmLabel="Delete provider" pending={remove.isPending} onConfirm={onConfirm} onClose={onClose}>
      Requests for its models go to the next provider that serves them, or fail if none does. Its stored API key is deleted too.
    </ConfirmDialog>
  );
}
