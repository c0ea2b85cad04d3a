"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/components/api/client";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useSetup } from "@/app/(auth)/setup/_components/use-setup";
import { PASSWORD_MIN_LENGTH, setupSchema } from "@/lib/auth/schemas";

export function SetupForm() {
  const router = useRouter();
  const setup = useSetup();
  const [values, setValues] = useState({ email: "", password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(setupSchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    setup.mutate(values, {
      onSuccess: () => {
        router.replace("/keys");
        router.refresh();
      },
      onError: (error) => {
        setErrors(serverFieldErrors(error));
        if (error instanceof ApiClientError && error.code === "setup_closed") router.replace("/login");
      },
    });
  }

  const formError = setup.error && !(setup.error instanceof ApiClientError && Object.keys(setup.error.fields).length > 0) ? setup.error.message : null;

  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">Create the admin account</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Welcome to Keygate. This account is the owner: it manages keys, providers, settings and the team. Setup closes once it exists.
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
        {formError && (
          <Callout tone="danger" role="alert">
            {formError}
          </Callout>
        )}
        <Field label="Email" error={errors.email}>
          {(control) => <Input {...control} type="email" autoComplete="username" autoFocus value={values.email} onChange={set("email")} />}
        </Field>
        <Field label="Password" error={errors.password} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" value={values.password} onChange={set("password")} />}
        </Field>
        <Field label="Confirm password" error={errors.confirmPassword}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} />}
        </Field>
        <Button type="submit" className="w-full" loading={setup.isPending}>
          Create admin account
        </Button>
      </form>
    </Card>
  );
}
