"use client";

import { useId, useState, type FormEvent } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { KeyFormFields, type KeyFormValues } from "@/app/(dashboard)/keys/_components/key-form-fields";
import { NewKeySecret } from "@/app/(dashboard)/keys/_components/new-key-secret";
import { useCreateKey } from "@/app/(dashboard)/keys/_components/use-create-key";
import { createApiKeySchema, type CreatedApiKey } from "@/lib/api-keys/schemas";

const EMPTY: KeyFormValues = { name: "", description: "" };

/** New API Key → name and optional description → Create → the full key, shown with a copy button. */
interface CreateKeyDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  baseUrl: string;
}

export function CreateKeyDialog({ open, onOpenChange, baseUrl }: CreateKeyDialogProps) {
  const formId = useId();
  const create = useCreateKey();
  const toast = useToast();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  function close() {
    onOpenChange(false);
    // The secret leaves memory with the dialog.
    setCreated(null);
    setValues(EMPTY);
    setErrors({});
    create.reset();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(createApiKeySchema, values);
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
      <Dialog open={open} onOpenChange={close} title={`“${created.name}” is ready`} description="Copy the key now and give it to your application." footer={<Button onClick={close}>Done</Button>}>
        <NewKeySecret created={created} baseUrl={baseUrl} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      dismissible={!create.isPending}
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
      <form id={formId} onSubmit={onSubmit} noValidate>
        <KeyFormFields values={values} errors={errors} onChange={setValues} />
      </form>
    </Dialog>
  );
}
