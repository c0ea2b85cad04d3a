"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { useSettings } from "@/components/hooks/use-settings";
import { useUpdateSettings } from "@/components/hooks/use-update-settings";
import { useCan } from "@/components/shell/session-user";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { ReadOnlySetting } from "@/app/(dashboard)/settings/_components/read-only-setting";
import { settingsSchema } from "@/lib/settings/schemas";

const reminderSchema = settingsSchema.pick({ rotationReminderDays: true });

/** When a key's secret is old enough for the "Rotate" hint on the keys list and the key page. */
export function RotationCard() {
  const formId = useId();
  const settings = useSettings();
  const update = useUpdateSettings();
  const toast = useToast();
  const [value, setValue] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const saved = settings.data?.rotationReminderDays;
  const canEdit = useCan("admin");

  useEffect(() => {
    if (saved !== undefined && value === null) setValue(String(saved));
  }, [saved, value]);

  const dirty = saved !== undefined && value !== null && value !== String(saved);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (value === null) return;
    if (value.trim() === "") return setErrors({ rotationReminderDays: "Enter a number of days" });
    const result = validate(reminderSchema, { rotationReminderDays: Number(value) });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    update.mutate(result.data, {
      onSuccess: () => toast.success("Rotation reminder saved"),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  return (
    <Card aria-label="Key rotation">
      <CardHeader title="Key rotation" description="Keys whose secret is older than this show a “Rotate” hint. Rotating issues a new secret and can keep the old one working for a grace period." />
      {!canEdit ? (
        <div className="px-5 py-4">
          {saved === undefined ? (
            <Skeleton className="h-12 sm:w-1/2" />
          ) : (
            <dl>
              <ReadOnlySetting label="Rotation reminder age" value={`${saved} ${saved === 1 ? "day" : "days"}`} />
            </dl>
          )}
        </div>
      ) : value === null ? (
        <div className="px-5 py-4">
          <Skeleton className="h-16 sm:w-1/2" />
        </div>
      ) : (
        <form id={formId} onSubmit={onSubmit} noValidate className="grid gap-4 px-5 py-4 sm:grid-cols-2">
          <Field label="Rotation reminder age (days)" error={errors.rotationReminderDays} hint="1 to 3650 days. Default 90.">
            {(control) => (
              <div className="relative">
                <Input {...control} type="number" inputMode="numeric" min={1} max={3650} value={value} onChange={(e) => setValue(e.target.value)} className="pr-14" />
                <span className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-zinc-500 dark:text-zinc-400">days</span>
              </div>
            )}
          </Field>
        </form>
      )}
      {canEdit && (
        <div className="flex justify-end border-t border-zinc-950/5 px-5 py-3 dark:border-white/10">
          <Button type="submit" form={formId} disabled={!dirty} loading={update.isPending}>
            Save reminder
          </Button>
        </div>
      )}
    </Card>
  );
}
