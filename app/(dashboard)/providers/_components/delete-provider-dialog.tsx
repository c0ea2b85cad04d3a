"use client";

import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useDeleteProvider } from "@/app/(dashboard)/providers/_components/use-delete-provider";
import type { Provider } from "@/lib/providers/schemas";

export function DeleteProviderDialog({ provider, onClose }: { provider: Provider; onClose: () => void }) {
  const remove = useDeleteProvider();
  const toast = useToast();
  return (
    <Dialog
      open
      size="sm"
      onOpenChange={onClose}
      dismissible={!remove.isPending}
      title={`Delete “${provider.name}”?`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(provider.id, {
                onSuccess: () => {
                  toast.success(`Provider “${provider.name}” deleted`);
                  onClose();
                },
              })
            }
          >
            Delete provider
          </Button>
        </>
      }
    >
      <Callout tone="danger">
        Requests for its models go to the next provider that serves them, or fail if none does. Its stored API key is deleted too.
      </Callout>
    </Dialog>
  );
}
