import "server-only";
import { isIP } from "node:net";
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { getEnv } from "@/lib/env";
import { inviteMessage, type InviteMailInput } from "./message";
import { deliver, type MailResult } from "./transport";

export { inviteMessage, type InviteMailInput, type InviteMessage, type InviteRole } from "./message";
export type { MailResult } from "./transport";

/** The longest a send may take, connecting included: the owner's request waits for it. */
const MAIL_TIMEOUT_MS = 10_000;

/** Invites are e-mailed only when SMTP_URL is set; the link is shown to the owner either way. */
export function mailConfigured(): boolean {
  return getEnv().SMTP_URL !== undefined;
}

/** SMTP_FROM, or "Keygate <keygate@HOST>" with the host of PUBLIC_URL (localhost without one, or for an IP). */
export function mailFrom(): string {
  const env = getEnv();
  if (env.SMTP_FROM) return env.SMTP_FROM;
  const host = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).hostname : "";
  const domain = host && isIP(host.replace(/^\[|\]$/g, "")) === 0 ? host : "localhost";
  return `Keygate <keygate@${domain}>`;
}

const inviteInputSchema = z.object({
  to: z.email("is not an e-mail address"),
  inviteUrl: z.string().refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "is not an http(s):// URL"),
  role: z.enum(ROLES, { error: 'must be "owner", "admin" or "viewer"' }),
  invitedBy: z.string().trim().min(1, "is empty"),
  // zod 4 refuses an Invalid Date here as well.
  expiresAt: z.date({ error: "is not a valid date" }),
});

/** The parts of an invite link that grant access: every path segment and query value of 16+ characters. */
function linkSecrets(inviteUrl: string): string[] {
  if (!URL.canParse(inviteUrl)) return [inviteUrl];
  const url = new URL(inviteUrl);
  const parts = [...url.pathname.split("/"), ...url.searchParams.values(), url.hash.slice(1)];
  return [inviteUrl, ...parts.filter((p) => p.length >= 16)];
}

/**
 * E-mails an invitation link. Never throws: without SMTP_URL, with a bad input or when the SMTP
 * server fails it resolves to `{ sent: false, reason }`, logged in one line that names the failure
 * (the SMTP password and the link's token never appear in it).
 */
export async function sendInviteMail(input: InviteMailInput): Promise<MailResult> {
  try {
    const env = getEnv();
    if (!env.SMTP_URL) return { sent: false, reason: "SMTP is not configured" };
    const parsed = inviteInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { sent: false, reason: `Invite e-mail not sent: ${issue?.path.join(".") || "input"} ${issue?.message ?? "is invalid"}` };
    }
    const message = inviteMessage(parsed.data);
    const result = await deliver({
      smtpUrl: env.SMTP_URL,
      from: mailFrom(),
      to: parsed.data.to,
      ...message,
      timeoutMs: MAIL_TIMEOUT_MS,
      redact: linkSecrets(parsed.data.inviteUrl),
    });
    if (!result.sent) console.error(`[keygate] invite e-mail to ${parsed.data.to} not sent: ${result.reason}`);
    return result;
  } catch (error) {
    // getEnv() or the message builder: still a result, never an exception for the invite request.
    const reason = `Invite e-mail not sent: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`[keygate] ${reason}`);
    return { sent: false, reason };
  }
}
