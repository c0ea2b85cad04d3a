"use client";

import { useId, useState, type FormEvent } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { KeyFormFields, type KeyFormValues } from "@/app/(dashboard)/keys/_components/key-form-fields";
import { useUpdateKey } from "@/app/(dashboard)/keys/_components/use-update-key";
import { updateApiKeySchema, type ApiKey } from "@/lib/api-keys/schemas";

/** Rename a key or change its description; the key itself never changes. */
export function EditKeyDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const formId = useId();
  const update = useUpdateKey();
  const toast = useToast();
  const [values, setValues] = useState<KeyFormValues>({ name: apiKey.name, description: apiKey.description ?? "" });
  const [errors, setErrors] = useState<FieldErrors>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(updateApiKeySchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    update.mutate(
      { id: apiKey.id, input: result.data },
      {
        onSuccess: (key) => {
          toast.success(`Saved “${key.name}”`);
          onClose();
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  }

  return (
    <Dialog
      open
      onOpenChange={onClose}
      dismissible={!update.isPending}
      title="Edit API key"
      description={<>The key value stays the same: applications using <span className="font-mono">{apiKey.display}</span> are not affected.</>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={update.isPending}>
            Save changes
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
