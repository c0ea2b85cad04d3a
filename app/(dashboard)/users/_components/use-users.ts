"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import type { Role } from "@/lib/auth/roles";
import { inviteResultSchema, userListSchema, userSummarySchema, type InviteUserInput } from "@/lib/team/schemas";

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: async ({ signal }) => (await apiFetch("/api/users", { schema: userListSchema, signal })).items,
  });
}

/** Every team change is audited: the audit log is refreshed with the list. */
function useInvalidateTeam() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.users }), client.invalidateQueries({ queryKey: queryKeys.audit })]);
}

export function useInviteUser() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (input: InviteUserInput) => apiFetch("/api/users", { method: "POST", body: input, schema: inviteResultSchema }),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useReissueInvite() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/users/${encodeURIComponent(id)}/invite`, { method: "POST", schema: inviteResultSchema }),
    meta: { errorTitle: "Could not create a new invite link" },
    onSuccess: invalidate,
  });
}

export function useChangeRole() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => apiFetch(`/api/users/${encodeURIComponent(id)}`, { method: "PATCH", body: { role }, schema: userSummarySchema }),
    meta: { errorTitle: "Could not change the role" },
    onSettled: invalidate,
  });
}

export function useRemoveUser() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/users/${encodeURIComponent(id)}`, { method: "DELETE" }),
    meta: { errorTitle: "Could not remove the user" },
    onSuccess: invalidate,
  });
}
