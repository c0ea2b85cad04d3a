"use client";

import { useId, useState } from "react";
import { serverFieldErrors, type FieldErrors } from "@/components/forms/field-errors";
import { keyFormValuesOf, updatePayload, type KeyFormValues } from "@/components/keys/form-values";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { KeyForm } from "@/app/(dashboard)/keys/_components/key-form";
import { useUpdateKey } from "@/app/(dashboard)/keys/_components/use-update-key";
import type { ApiKey } from "@/lib/api-keys/schemas";

interface EditKeyDialogProps {
  apiKey: ApiKey;
  onClose: () => void;
  /** Opened from "Edit limits": the Limits section is open and focused. */
  focusLimits?: boolean;
}

/** Rename a key, change its description or its limits; the key itself never changes. Sends only what changed. */
export function EditKeyDialog({ apiKey, onClose, focusLimits = false }: EditKeyDialogProps) {
  const formId = useId();
  const update = useUpdateKey();
  const toast = useToast();
  const [initial] = useState(() => keyFormValuesOf(apiKey));
  const [values, setValues] = useState<KeyFormValues>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const expiryUnchanged = values.limits.expiry === initial.limits.expiry && values.limits.expiryDate === initial.limits.expiryDate;

  function onSubmit() {
    const result = updatePayload(initial, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (!result.data) return onClose();
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
      size="lg"
      title="Edit API key"
      description={<>The key value stays the same: applications keep using <span className="font-mono">{apiKey.display}</span>. Changed limits apply from their next request.</>}
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
      <KeyForm
        id={formId}
        values={values}
        errors={errors}
        onChange={setValues}
        onSubmit={onSubmit}
        focusLimits={focusLimits}
        currentExpiresAt={apiKey.expiresAt}
        expiryUnchanged={expiryUnchanged}
      />
    </Dialog>
  );
}
