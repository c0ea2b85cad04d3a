"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { PlugIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { ConnectionResultPanel } from "@/app/(dashboard)/providers/_components/connection-result";
import { ProviderFormFields } from "@/app/(dashboard)/providers/_components/provider-form-fields";
import { EMPTY_PROVIDER, parseModels, toCreateInput, toUpdateInput, valuesFromProvider } from "@/app/(dashboard)/providers/_components/provider-form-values";
import { useCreateProvider } from "@/app/(dashboard)/providers/_components/use-create-provider";
import { useTestConnection } from "@/app/(dashboard)/providers/_components/use-test-connection";
import { useUpdateProvider } from "@/app/(dashboard)/providers/_components/use-update-provider";
import { createProviderSchema, testConnectionSchema, updateProviderSchema, type Provider } from "@/lib/providers/schemas";

/** Add a provider (provider = null) or edit one; Test connection tries the values as typed. */
export function ProviderDialog({ provider, onClose }: { provider: Provider | null; onClose: () => void }) {
  const formId = useId();
  const toast = useToast();
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const test = useTestConnection();
  const [values, setValues] = useState(provider ? valuesFromProvider(provider) : EMPTY_PROVIDER);
  const [errors, setErrors] = useState<FieldErrors>({});
  const saving = create.isPending || update.isPending;
  const resultRef = useRef<HTMLDivElement>(null);
  // On a phone the result appears below the fold: bring it into view.
  useEffect(() => {
    if (test.data) resultRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [test.data]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const options = {
      onSuccess: (saved: Provider) => {
        toast.success(provider ? `Saved “${saved.name}”` : `Provider “${saved.name}” added`);
        onClose();
      },
      onError: (error: unknown) => setErrors(serverFieldErrors(error)),
    };
    if (provider) {
      const result = validate(updateProviderSchema, toUpdateInput(values));
      if (!result.ok) return setErrors(result.errors);
      setErrors({});
      update.mutate({ id: provider.id, input: toUpdateInput(values) }, options);
    } else {
      const result = validate(createProviderSchema, toCreateInput(values));
      if (!result.ok) return setErrors(result.errors);
      setErrors({});
      create.mutate(toCreateInput(values), options);
    }
  }

  function onChange(next: typeof values) {
    // A result for other connection details would be misleading.
    if (next.baseUrl !== values.baseUrl || next.apiKey !== values.apiKey || next.removeKey !== values.removeKey || next.kind !== values.kind) test.reset();
    setValues(next);
  }

  /** Test connection's models into the list (kept: ids already listed by hand), serving only those. */
  function fillModels(found: string[]) {
    const listed = values.allModels ? [] : parseModels(values.modelsText);
    const models = [...new Set([...listed, ...found])];
    setValues({ ...values, allModels: false, modelsText: models.join("\n") });
    setErrors({ ...errors, models: undefined });
    toast.success(`${models.length} ${models.length === 1 ? "model" : "models"} in the list`, "Review the list, then save the provider.");
  }

  function onTest() {
    const apiKey = values.removeKey ? null : values.apiKey || (provider?.apiKeyDisplay ? undefined : null);
    const result = validate(testConnectionSchema, { kind: values.kind, baseUrl: values.baseUrl, apiKey: apiKey ?? null });
    if (!result.ok) return setErrors({ ...errors, baseUrl: result.errors.baseUrl });
    test.mutate({ providerId: provider?.id, kind: values.kind, baseUrl: result.data.baseUrl, apiKey });
  }

  return (
    <Dialog
      open
      size="lg"
      onOpenChange={onClose}
      dismissible={!saving}
      title={provider ? `Edit “${provider.name}”` : "Add provider"}
      description="An upstream the proxy forwards requests to: OpenAI-compatible, or Anthropic."
      footer={
        <>
          <Button variant="secondary" className="sm:mr-auto" onClick={onTest} loading={test.isPending} icon={<PlugIcon />}>
            Test connection
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={saving}>
            {provider ? "Save changes" : "Add provider"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        <ProviderFormFields values={values} errors={errors} onChange={onChange} storedKey={provider?.apiKeyDisplay ?? null} />
        <div ref={resultRef}>{test.data && <ConnectionResultPanel result={test.data} onUseModels={fillModels} />}</div>
      </form>
    </Dialog>
  );
}
