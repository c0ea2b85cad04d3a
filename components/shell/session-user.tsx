"use client";

import { createContext, useContext, type ReactNode } from "react";
import { hasRole, type Role } from "@/lib/auth/roles";

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

const SessionUserContext = createContext<SessionUser | null>(null);

/** The signed-in user, as the dashboard layout read it on the server for this page. */
export function SessionUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionUserContext.Provider value={user}>{children}</SessionUserContext.Provider>;
}

export function useSessionUser(): SessionUser {
  const user = useContext(SessionUserContext);
  if (!user) throw new Error("useSessionUser outside the dashboard layout");
  return user;
}

/**
 * Whether the signed-in user may do what `required` may. The dashboard hides controls with it;
 * the server refuses them anyway (every /api route checks the role itself).
 */
export function useCan(required: Role): boolean {
  return hasRole(useSessionUser().role, required);
}

/** Renders its children only for users with at least `role` (admin: may change things and see secrets). */
export function RequireRole({ role, children, fallback = null }: { role: Role; children: ReactNode; fallback?: ReactNode }) {
  return useCan(role) ? children : fallback;
}
