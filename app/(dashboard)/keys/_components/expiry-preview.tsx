"use client";

import { formatRelative } from "@/components/format";
import { expiryFromPreset } from "@/components/keys/expiry";
import type { LimitsFormValues } from "@/components/keys/form-values";
import { formatMoment } from "@/components/usage/format";

/** The moment the chosen expiry stands for, in the admin's own time zone, before it is saved. */
export function ExpiryPreview({ values, currentExpiresAt }: { values: LimitsFormValues; currentExpiresAt?: Date | null }) {
  const now = Date.now();
  const result = currentExpiresAt !== undefined ? { ok: true as const, expiresAt: currentExpiresAt } : expiryFromPreset(values.expiry, values.expiryDate, now);
  if (!result.ok) return null;
  const { expiresAt } = result;
  return (
    <p data-testid="expiry-preview" className="text-xs text-zinc-500 dark:text-zinc-400">
      {!expiresAt ? (
        "The key works until you disable or delete it."
      ) : (
        <>
          {expiresAt.getTime() <= now ? "Expired" : "Expires"} <span className="font-medium text-zinc-700 dark:text-zinc-300">{formatMoment(expiresAt)}</span> (your time, {formatRelative(expiresAt, now)}).
          {" "}Requests with the key are refused from then on.
        </>
      )}
    </p>
  );
}
