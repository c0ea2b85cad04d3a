"use client";

import { useId, useState } from "react";
import { serverFieldErrors, type FieldErrors } from "@/components/forms/field-errors";
import { createPayload, newKeyFormValues } from "@/components/keys/form-values";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { KeyForm } from "@/app/(dashboard)/keys/_components/key-form";
import { NewKeySecret } from "@/app/(dashboard)/keys/_components/new-key-secret";
import { useCreateKey } from "@/app/(dashboard)/keys/_components/use-create-key";
import type { CreatedApiKey } from "@/lib/api-keys/schemas";

/** New API Key → name, optional description and limits → Create → the full key, shown with a copy button. */
interface CreateKeyDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  baseUrl: string;
}

export function CreateKeyDialog({ open, onOpenChange, baseUrl }: CreateKeyDialogProps) {
  const formId = useId();
  const create = useCreateKey();
  const toast = useToast();
  const [values, setValues] = useState(newKeyFormValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  // A fresh form (its Limits section closed) every time the dialog opens.
  const [formKey, setFormKey] = useState(0);

  function close() {
    onOpenChange(false);
    // The secret leaves memory with the dialog.
    setCreated(null);
    setValues(newKeyFormValues());
    setErrors({});
    setFormKey((n) => n + 1);
    create.reset();
  }

  function onSubmit() {
    const result = createPayload(values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data, {
      onSuccess: (key) => {
        setCreated(key);
        toast.success(`API key “${key.name}” created`);
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  if (created) {
    return (
      <Dialog open={open} onOpenChange={close} title={`“${created.name}” is ready`} description="Copy the key and give it to your application. You can view or copy it again later from the API Keys list." footer={<Button onClick={close}>Done</Button>}>
        <NewKeySecret created={created} baseUrl={baseUrl} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      dismissible={!create.isPending}
      size="lg"
      title="New API Key"
      description="Create a separate key for each application, so you can disable or revoke one without affecting the others."
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={create.isPending}>
            Create
          </Button>
        </>
      }
    >
      <KeyForm key={formKey} id={formId} values={values} errors={errors} onChange={setValues} onSubmit={onSubmit} />
    </Dialog>
  );
}
