import type { Role } from "@/lib/auth/roles";

export type InviteRole = Role;

export type InviteMailInput = {
  to: string;
  inviteUrl: string;
  role: InviteRole;
  /** The inviting user's e-mail address (or name), shown to the recipient. */
  invitedBy: string;
  expiresAt: Date;
};

export type InviteMessage = { subject: string; text: string; html: string };

const ROLES: Record<InviteRole, { name: string; rights: string }> = {
  owner: { name: "Owner", rights: "everything, including managing users" },
  admin: { name: "Admin", rights: "API keys, providers, prices and settings" },
  viewer: { name: "Viewer", rights: "can see everything except secrets" },
};

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "Thursday, 10 December 2026, 15:37 UTC": built by hand so it reads the same on every ICU version. */
export function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("expiresAt is not a valid date");
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The invitation e-mail, as plain text and as simple HTML. Pure: no environment, no clock. */
export function inviteMessage(input: InviteMailInput): InviteMessage {
  const role = ROLES[input.role];
  if (!role) throw new TypeError(`unknown role "${String(input.role)}"`);
  // Only a web link may become an href: anything else (javascript:, data:) would run in a mail client.
  if (!/^https?:\/\//i.test(input.inviteUrl) || !URL.canParse(input.inviteUrl)) {
    throw new TypeError("inviteUrl must be an http(s):// URL");
  }
  const expires = formatUtc(input.expiresAt);
  const subject = "You're invited to Keygate";
  const text = [
    `${input.invitedBy} invited you to Keygate, the team's LLM gateway, as ${role.name} (${role.rights}).`,
    "",
    "Open this link to accept the invitation:",
    input.inviteUrl,
    "",
    `The link works until ${expires}.`,
    "",
    "If you did not expect this invitation, ignore this e-mail: the link expires on its own.",
    "",
  ].join("\n");
  const url = escapeHtml(input.inviteUrl);
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111;">',
    `<p><strong>${escapeHtml(input.invitedBy)}</strong> invited you to Keygate, the team's LLM gateway, as <strong>${escapeHtml(role.name)}</strong> (${escapeHtml(role.rights)}).</p>`,
    `<p><a href="${url}" style="display: inline-block; padding: 8px 16px; background: #111; color: #fff; text-decoration: none; border-radius: 6px;">Accept the invitation</a></p>`,
    `<p>Or copy this link into your browser:<br><a href="${url}">${url}</a></p>`,
    `<p>The link works until ${escapeHtml(expires)}.</p>`,
    '<p style="color: #555;">If you did not expect this invitation, ignore this e-mail: the link expires on its own.</p>',
    "</body></html>",
    "",
  ].join("\n");
  return { subject, text, html };
}
