"use client";

import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/components/api/client";
import { formatDateTime } from "@/components/format";
import { SecretValue } from "@/components/secret-value";
import { serverFieldErrors, validate, type FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useInviteUser } from "@/app/(dashboard)/users/_components/use-users";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import { inviteUserSchema, type InviteResult } from "@/lib/team/schemas";

/** The link, shown once: copy it and pass it on (it was also e-mailed when SMTP is set up). */
export function InviteLink({ result }: { result: InviteResult }) {
  return (
    <div className="space-y-4">
      <SecretValue label={`Invite link for ${result.email}`} value={result.inviteUrl} testId="invite-url" copyLabel="Copy invite link" copiedMessage="Invite link copied to clipboard" />
      {result.emailSent ? (
        <Callout tone="success" title="Invite e-mailed">
          We sent this link to {result.email}. You can also pass it on yourself.
        </Callout>
      ) : (
        <Callout tone="warning" title="Pass this link on">
          {result.emailError ? <>The e-mail could not be sent ({result.emailError}). </> : null}
          Send it to {result.email} yourself, privately: it is shown only now. It works once and expires {formatDateTime(result.inviteExpiresAt)}.
        </Callout>
      )}
    </div>
  );
}

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const invite = useInviteUser();
  const [values, setValues] = useState<{ email: string; role: Role }>({ email: "", role: "viewer" });
  const [errors, setErrors] = useState<FieldErrors>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(inviteUserSchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    invite.mutate(result.data, { onError: (error) => setErrors(serverFieldErrors(error)) });
  }

  if (invite.data) {
    return (
      <Dialog open onOpenChange={onClose} title="User invited" size="md" footer={<Button onClick={onClose}>Done</Button>}>
        <InviteLink result={invite.data} />
      </Dialog>
    );
  }

  const error = invite.error;
  const formError = error && !(error instanceof ApiClientError && Object.keys(error.fields).length > 0) ? error.message : null;
  return (
    <Dialog
      open
      onOpenChange={onClose}
      dismissible={!invite.isPending}
      title="Invite a user"
      description="They get a link to set their password. It works once and expires in 7 days."
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={invite.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="invite-user" loading={invite.isPending}>
            Create invite
          </Button>
        </>
      }
    >
      <form id="invite-user" onSubmit={onSubmit} noValidate className="space-y-4">
        {formError && (
          <Callout tone="danger" role="alert">
            {formError}
          </Callout>
        )}
        <Field label="Email" error={errors.email}>
          {(control) => <Input {...control} type="email" autoFocus value={values.email} onChange={(e) => setValues({ ...values, email: e.target.value })} />}
        </Field>
        <Field label="Role" error={errors.role} hint={ROLE_DESCRIPTIONS[values.role]}>
          {(control) => (
            <Select {...control} value={values.role} onChange={(e) => setValues({ ...values, role: e.target.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </form>
    </Dialog>
  );
}
