import { z } from "zod";

/** Dashboard roles, most powerful first. Shared by the server and the dashboard (no server-only). */
export const ROLES = ["owner", "admin", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { error: "Role must be owner, admin or viewer" });

const RANK: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };

/** Whether `role` may do what `required` may (an owner may do anything an admin may). */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** A stored role; an unknown value (which the database's check constraint refuses) grants the least. */
export function parseRole(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : "viewer";
}

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", viewer: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including inviting and removing users",
  admin: "Keys, providers, prices and settings",
  viewer: "Reads everything except secrets; changes nothing",
};
