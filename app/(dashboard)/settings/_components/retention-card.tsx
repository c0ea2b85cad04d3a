"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { formatNumber } from "@/components/format";
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
import { useRunRetention } from "@/app/(dashboard)/settings/_components/use-run-retention";
import { settingsSchema } from "@/lib/settings/schemas";

const retentionSchema = settingsSchema.pick({ logRetentionDays: true, rollupRetentionDays: true, auditRetentionDays: true });
const FIELDS = ["logRetentionDays", "rollupRetentionDays", "auditRetentionDays"] as const;
type Values = Record<(typeof FIELDS)[number], string>;
const LABELS: Record<(typeof FIELDS)[number], string> = {
  logRetentionDays: "Keep request logs for",
  rollupRetentionDays: "Keep usage totals for",
  auditRetentionDays: "Keep the audit log for",
};
const days = (n: number) => `${formatNumber(n)} ${n === 1 ? "day" : "days"}`;

/** How long request logs and usage totals are kept; a background job deletes older rows in small batches. */
export function RetentionCard() {
  const formId = useId();
  const settings = useSettings();
  const update = useUpdateSettings();
  const run = useRunRetention();
  const toast = useToast();
  const [values, setValues] = useState<Values | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const saved = settings.data;
  const canEdit = useCan("admin");

  useEffect(() => {
    if (saved && values === null) setValues({ logRetentionDays: String(saved.logRetentionDays), rollupRetentionDays: String(saved.rollupRetentionDays), auditRetentionDays: String(saved.auditRetentionDays) });
  }, [saved, values]);

  const dirty = saved !== undefined && values !== null && FIELDS.some((f) => values[f] !== String(saved[f]));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    const missing: FieldErrors = {};
    for (const f of FIELDS) if (values[f].trim() === "") missing[f] = "Enter a number of days";
    if (Object.keys(missing).length) return setErrors(missing);
    const result = validate(retentionSchema, { logRetentionDays: Number(values.logRetentionDays), rollupRetentionDays: Number(values.rollupRetentionDays), auditRetentionDays: Number(values.auditRetentionDays) });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    update.mutate(result.data, {
      onSuccess: () => toast.success("Retention saved", "Older data is deleted at the next run, within 10 minutes."),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  function onRun() {
    run.mutate(undefined, {
      onSuccess: ({ deletedLogs, deletedRollups, deletedAuditEntries }) =>
        toast.success(
          "Old data deleted",
          `${formatNumber(deletedLogs)} request logs, ${formatNumber(deletedRollups)} usage totals and ${formatNumber(deletedAuditEntries)} audit entries were past retention.`,
        ),
    });
  }

  const field = (name: (typeof FIELDS)[number], label: string, hint: string) => (
    <Field label={label} error={errors[name]} hint={hint}>
      {(control) => (
        <div className="relative">
          <Input {...control} type="number" inputMode="numeric" min={1} max={3650} value={values?.[name] ?? ""} onChange={(e) => values && setValues({ ...values, [name]: e.target.value })} className="pr-14" />
          <span className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-zinc-500 dark:text-zinc-400">days</span>
        </div>
      )}
    </Field>
  );

  return (
    <Card aria-label="Data retention">
      <CardHeader
        title="Data retention"
        description="Request logs are the per-request detail; usage totals (per hour and day) feed the charts and last longer; the audit log records every change."
      />
      {!canEdit ? (
        saved ? (
          <dl className="grid gap-4 px-5 py-4 sm:grid-cols-3">
            {FIELDS.map((f) => (
              <ReadOnlySetting key={f} label={LABELS[f]} value={days(saved[f])} />
            ))}
          </dl>
        ) : (
          <div className="grid gap-4 px-5 py-4 sm:grid-cols-3">
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        )
      ) : !values ? (
        <div className="grid gap-4 px-5 py-4 sm:grid-cols-3">
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
        </div>
      ) : (
        <form id={formId} onSubmit={onSubmit} noValidate className="grid gap-4 px-5 py-4 sm:grid-cols-3">
          {field("logRetentionDays", LABELS.logRetentionDays, "1 to 3650 days. Default 30.")}
          {field("rollupRetentionDays", LABELS.rollupRetentionDays, "7 to 3650 days. Default 400.")}
          {field("auditRetentionDays", LABELS.auditRetentionDays, "1 to 3650 days. Default 400.")}
        </form>
      )}
      {canEdit && (
        <div className="flex flex-col-reverse gap-2 border-t border-zinc-950/5 px-5 py-3 sm:flex-row sm:items-center sm:justify-between dark:border-white/10">
          <Button variant="ghost" size="sm" onClick={onRun} loading={run.isPending} title="Runs the retention job now instead of within 10 minutes">
            Delete expired data now
          </Button>
          <Button type="submit" form={formId} disabled={!dirty} loading={update.isPending}>
            Save retention
          </Button>
        </div>
      )}
    </Card>
  );
}
