"use client";

import { useState } from "react";
import { errorMessage } from "@/components/api/client";
import { formatDateTime, formatRelative } from "@/components/format";
import { PlusIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { useCan, useSessionUser } from "@/components/shell/session-user";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { SkeletonRows, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { InviteDialog, InviteLink } from "@/app/(dashboard)/users/_components/invite-dialog";
import { useChangeRole, useReissueInvite, useRemoveUser, useUsers } from "@/app/(dashboard)/users/_components/use-users";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/team/schemas";

const ROLE_TONES: Record<Role, BadgeTone> = { owner: "info", admin: "success", viewer: "neutral" };

function StatusCell({ user }: { user: UserSummary }) {
  if (user.status === "active") {
    return (
      <span className="text-zinc-600 dark:text-zinc-400" title={user.lastSignInAt ? formatDateTime(user.lastSignInAt) : undefined}>
        {user.lastSignInAt ? `Signed in ${formatRelative(user.lastSignInAt)}` : "Never signed in"}
      </span>
    );
  }
  if (user.status === "invited") {
    return (
      <span className="flex flex-wrap items-center gap-1.5">
        <Badge tone="warning">Invited</Badge>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">link expires {user.inviteExpiresAt ? formatRelative(user.inviteExpiresAt) : ""}</span>
      </span>
    );
  }
  return <Badge tone="danger">Invite expired</Badge>;
}

type Pending = { kind: "role"; user: UserSummary; role: Role } | { kind: "remove"; user: UserSummary } | null;

export function UsersPage() {
  const users = useUsers();
  const me = useSessionUser();
  const isOwner = useCan("owner");
  const [inviting, setInviting] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const changeRole = useChangeRole();
  const remove = useRemoveUser();
  const reissue = useReissueInvite();

  return (
    <>
      <PageHeader
        title="Team"
        description="Who can sign in to this dashboard, and what they may do. Owners invite users with a single-use link; changing a role or removing a user signs them out at once."
        actions={
          isOwner && (
            <Button onClick={() => setInviting(true)} icon={<PlusIcon />}>
              Invite user
            </Button>
          )
        }
      />
      <ul className="mb-6 grid gap-3 sm:grid-cols-3">
        {ROLES.map((role) => (
          <li key={role} className="rounded-xl bg-white px-4 py-3 ring-1 ring-zinc-950/5 dark:bg-zinc-900 dark:ring-white/10">
            <Badge tone={ROLE_TONES[role]}>{ROLE_LABELS[role]}</Badge>
            <p className="mt-1.5 text-sm text-zinc-600 dark:text-zinc-400">{ROLE_DESCRIPTIONS[role]}</p>
          </li>
        ))}
      </ul>
      {!isOwner && (
        <Callout className="mb-4" tone="info">
          Only an owner can invite users, change roles or remove users.
        </Callout>
      )}
      {users.isError ? (
        <Callout tone="danger" role="alert" title="Could not load the team" action={<Button variant="secondary" size="sm" onClick={() => void users.refetch()}>Try again</Button>}>
          {errorMessage(users.error)}
        </Callout>
      ) : (
        <Card className="overflow-hidden">
          <Table>
            <THead>
              <tr>
                <TH>User</TH>
                <TH>Role</TH>
                <TH>Status</TH>
                <TH>Invited by</TH>
                {isOwner && <TH className="text-right">Actions</TH>}
              </tr>
            </THead>
            <TBody>
              {users.isPending ? (
                <SkeletonRows rows={3} columns={isOwner ? 5 : 4} />
              ) : (
                users.data.map((user) => {
                  const self = user.id === me.id;
                  return (
                    <TR key={user.id} data-testid="user-row">
                      <TD className="col-span-2 md:col-span-1">
                        <span className="font-medium break-all text-zinc-900 dark:text-zinc-100">{user.email}</span>
                        {self && (
                          <Badge className="ml-2" tone="neutral">
                            You
                          </Badge>
                        )}
                      </TD>
                      <TD label="Role">
                        {isOwner && !self ? (
                          <Select
                            aria-label={`Role of ${user.email}`}
                            className="w-32"
                            value={user.role}
                            onChange={(e) => setPending({ kind: "role", user, role: e.target.value as Role })}
                          >
                            {ROLES.map((role) => (
                              <option key={role} value={role}>
                                {ROLE_LABELS[role]}
                              </option>
                            ))}
                          </Select>
                        ) : (
                          <Badge tone={ROLE_TONES[user.role]}>{ROLE_LABELS[user.role]}</Badge>
                        )}
                      </TD>
                      <TD label="Status">
                        <StatusCell user={user} />
                      </TD>
                      <TD label="Invited by" className="text-zinc-600 dark:text-zinc-400">
                        {user.invitedBy ?? "—"}
                      </TD>
                      {isOwner && (
                        <TD className="col-span-2 flex justify-end gap-1 md:col-span-1 md:table-cell md:text-right">
                          {user.status !== "active" && (
                            <Button variant="ghost" size="sm" loading={reissue.isPending && reissue.variables === user.id} onClick={() => reissue.mutate(user.id)}>
                              New link
                            </Button>
                          )}
                          {!self && (
                            <Button variant="danger-ghost" size="sm" onClick={() => setPending({ kind: "remove", user })}>
                              {user.status === "active" ? "Remove" : "Withdraw invite"}
                            </Button>
                          )}
                        </TD>
                      )}
                    </TR>
                  );
                })
              )}
            </TBody>
          </Table>
        </Card>
      )}

      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
      {reissue.data && (
        <Dialog open onOpenChange={() => reissue.reset()} title="New invite link" description="The previous link no longer works." footer={<Button onClick={() => reissue.reset()}>Done</Button>}>
          <InviteLink result={reissue.data} />
        </Dialog>
      )}
      {pending?.kind === "role" && (
        <Dialog
          open
          size="sm"
          onOpenChange={() => setPending(null)}
          dismissible={!changeRole.isPending}
          title={`Make ${pending.user.email} ${ROLE_LABELS[pending.role].toLowerCase()}?`}
          footer={
            <>
              <Button variant="secondary" onClick={() => setPending(null)} disabled={changeRole.isPending}>
                Cancel
              </Button>
              <Button loading={changeRole.isPending} onClick={() => changeRole.mutate({ id: pending.user.id, role: pending.role }, { onSettled: () => setPending(null) })}>
                Change role
              </Button>
            </>
          }
        >
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {ROLE_LABELS[pending.role]}: {ROLE_DESCRIPTIONS[pending.role].toLowerCase()}. They are signed out everywhere and sign in again with the new role.
          </p>
        </Dialog>
      )}
      {pending?.kind === "remove" && (
        <ConfirmDialog
          title={pending.user.status === "active" ? "Remove user?" : "Withdraw invite?"}
          confirmLabel={pending.user.status === "active" ? "Remove user" : "Withdraw invite"}
          pending={remove.isPending}
          onConfirm={() => remove.mutate(pending.user.id, { onSettled: () => setPending(null) })}
          onClose={() => setPending(null)}
        >
          {pending.user.status === "active" ? (
            <>
              {pending.user.email} loses access at once: their open sessions end on their next click. What they did stays in the audit log.
            </>
          ) : (
            <>The invite link for {pending.user.email} stops working.</>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
