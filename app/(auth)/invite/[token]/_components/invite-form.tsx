"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { apiFetch, ApiClientError } from "@/components/api/client";
import { formatDateTime } from "@/components/format";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";
import { acceptInviteSchema } from "@/lib/team/schemas";

/** Sets the password through the invite link, then signs in with it. */
function useAcceptInvite(email: string) {
  return useMutation({
    mutationFn: async (input: { token: string; password: string; confirmPassword: string }) => {
      await apiFetch("/api/invites/accept", { method: "POST", body: input, schema: z.object({ email: z.string() }) });
      const result = await signIn("credentials", { email, password: input.password, redirect: false });
      if (!result?.ok) throw new Error("Your password is set, but signing in failed. Sign in on the next page.");
    },
    meta: { silent: true },
  });
}

export function InviteForm({ token, email, role, invitedBy, expiresAt }: { token: string; email: string; role: Role; invitedBy: string | null; expiresAt: string }) {
  const router = useRouter();
  const accept = useAcceptInvite(email);
  const [values, setValues] = useState({ password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(acceptInviteSchema, { token, ...values });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    accept.mutate(result.data, {
      onSuccess: () => {
        router.replace("/keys");
        router.refresh();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  const error = accept.error;
  const fieldError = error instanceof ApiClientError && ["password", "confirmPassword"].some((f) => f in error.fields);
  const formError = error && !fieldError ? error.message : null;

  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">Join Keygate</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {invitedBy ? <>{invitedBy} invited you</> : <>You are invited</>} as <span className="font-medium text-zinc-900 dark:text-zinc-100">{ROLE_LABELS[role].toLowerCase()}</span>:{" "}
        {ROLE_DESCRIPTIONS[role].toLowerCase()}.
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
        {formError && (
          <Callout tone="danger" role="alert">
            {formError}
          </Callout>
        )}
        <Field label="Email" hint="You sign in with this address.">
          {(control) => <Input {...control} type="email" autoComplete="username" value={email} readOnly />}
        </Field>
        <Field label="Password" error={errors.password} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" autoFocus value={values.password} onChange={set("password")} />}
        </Field>
        <Field label="Confirm password" error={errors.confirmPassword}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} />}
        </Field>
        <Button type="submit" className="w-full" loading={accept.isPending}>
          Set password and sign in
        </Button>
        <p className="text-center text-xs text-zinc-500 dark:text-zinc-400" suppressHydrationWarning>
          This link works once and expires {formatDateTime(new Date(expiresAt))}.
        </p>
      </form>
    </Card>
  );
}
