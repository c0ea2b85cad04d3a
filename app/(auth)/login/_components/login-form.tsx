"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { loginSchema, type LoginInput } from "@/lib/auth/schemas";

const INVALID = "Email or password is incorrect.";

/** next-auth answers "CredentialsSignin" for wrong credentials, or the lock message the server threw. */
async function signInWithCredentials(input: LoginInput): Promise<void> {
  const result = await signIn("credentials", { ...input, redirect: false });
  if (!result) throw new Error("The server could not be reached. Try again.");
  if (result.error) throw new Error(result.error === "CredentialsSignin" ? INVALID : result.error);
}

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [values, setValues] = useState({ email: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const login = useMutation({ mutationFn: signInWithCredentials, meta: { silent: true } });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(loginSchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    login.mutate(result.data, {
      onSuccess: () => {
        router.replace(callbackUrl);
        router.refresh();
      },
    });
  }

  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Manage API keys, providers and settings.</p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
        {login.isError && (
          <Callout tone="danger" role="alert">
            {login.error.message}
          </Callout>
        )}
        <Field label="Email" error={errors.email}>
          {(control) => (
            <Input {...control} type="email" autoComplete="username" autoFocus value={values.email} onChange={(e) => setValues({ ...values, email: e.target.value })} />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(control) => (
            <Input {...control} type="password" autoComplete="current-password" value={values.password} onChange={(e) => setValues({ ...values, password: e.target.value })} />
          )}
        </Field>
        <Button type="submit" className="w-full" loading={login.isPending}>
          Sign in
        </Button>
      </form>
    </Card>
  );
}
