"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { LogOutIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { useSignOut } from "@/components/shell/use-sign-out";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { useChangeEmail, useChangePassword } from "@/app/(dashboard)/account/_components/use-account";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { changeEmailSchema, changePasswordSchema, PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";

/** The user's own sign-in (any role): email and password, each change confirmed with the current password. */
export function AccountPage({ email, role }: { email: string; role: Role }) {
  const { signOut, pending } = useSignOut();
  return (
    <>
      <PageHeader
        title="Account"
        description={
          <>
            Signed in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{email}</span> ({ROLE_LABELS[role].toLowerCase()}:{" "}
            {ROLE_DESCRIPTIONS[role].toLowerCase()}). Sessions last 7 days.
          </>
        }
        actions={
          <Button variant="secondary" loading={pending} icon={<LogOutIcon />} onClick={signOut}>
            Sign out
          </Button>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <EmailCard email={email} />
        <PasswordCard />
      </div>
    </>
  );
}

function EmailCard({ email }: { email: string }) {
  const router = useRouter();
  const toast = useToast();
  const change = useChangeEmail();
  const [values, setValues] = useState({ email, currentPassword: "" });
  const [errors, setErrors] = useState<FieldErrors>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(changeEmailSchema, values);
    if (!result.ok) return setErrors(result.errors);
    if (result.data.email === email) return setErrors({ email: "This is already your email" });
    setErrors({});
    change.mutate(values, {
      onSuccess: (answer) => {
        toast.success("Email changed", `Sign in with ${answer.email} from now on.`);
        setValues({ email: answer.email, currentPassword: "" });
        router.refresh();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  return (
    <Card aria-labelledby="email-card-title">
      <CardHeader titleId="email-card-title" title="Email" description="The address you sign in with." />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <Field label="Email" error={errors.email}>
            {(c) => <Input {...c} type="email" autoComplete="username" value={values.email} onChange={(e) => setValues({ ...values, email: e.target.value })} />}
          </Field>
          <Field label="Current password" error={errors.currentPassword}>
            {(c) => <Input {...c} type="password" autoComplete="current-password" value={values.currentPassword} onChange={(e) => setValues({ ...values, currentPassword: e.target.value })} />}
          </Field>
          <Button type="submit" loading={change.isPending}>
            Change email
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

const EMPTY_PASSWORDS = { currentPassword: "", newPassword: "", confirmPassword: "" };

function PasswordCard() {
  const toast = useToast();
  const change = useChangePassword();
  const [values, setValues] = useState(EMPTY_PASSWORDS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(changePasswordSchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    change.mutate(values, {
      onSuccess: () => {
        toast.success("Password changed", "Every other session of this account has been signed out; this one stays signed in.");
        setValues(EMPTY_PASSWORDS);
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  return (
    <Card aria-labelledby="password-card-title">
      <CardHeader titleId="password-card-title" title="Password" description="Changing it signs out every other browser signed in to this account." />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <Field label="Current password" error={errors.currentPassword}>
            {(c) => <Input {...c} type="password" autoComplete="current-password" value={values.currentPassword} onChange={set("currentPassword")} />}
          </Field>
          <Field label="New password" error={errors.newPassword} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}>
            {(c) => <Input {...c} type="password" autoComplete="new-password" value={values.newPassword} onChange={set("newPassword")} />}
          </Field>
          <Field label="Confirm new password" error={errors.confirmPassword}>
            {(c) => <Input {...c} type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} />}
          </Field>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
