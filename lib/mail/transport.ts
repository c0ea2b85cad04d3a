import "server-only";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { processSingleton } from "@/lib/singleton";

export type MailResult = { sent: true } | { sent: false; reason: string };

export type OutgoingMail = {
  smtpUrl: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The whole attempt (connect, greeting, auth, data) ends after this long. */
  timeoutMs: number;
  /** Strings that must never appear in a failure reason (the invite link, its token). */
  redact?: string[];
};

type Cached = { transporter: Transporter; redact: string[] };

const transporters = processSingleton("mail.transporters", () => new Map<string, Cached>());

/** One transporter per SMTP URL and timeout. Not pooled: invites are rare, a connection per mail is fine. */
function transporterFor(smtpUrl: string, timeoutMs: number): Cached {
  const key = `${timeoutMs} ${smtpUrl}`;
  const found = transporters.get(key);
  if (found) return found;
  const cached: Cached = {
    transporter: nodemailer.createTransport({
      url: smtpUrl,
      // The mail carries a credential (the invite link) and so does the login: smtp:// must upgrade
      // to TLS (STARTTLS), or fail, unless the server is on this machine or the URL says
      // ?requireTLS=false (the URL's own options win).
      requireTLS: needsStartTls(smtpUrl),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // The message is built from strings only: no attachment or alternative may read a file or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
      debug: false,
    }),
    redact: urlSecrets(smtpUrl),
  };
  transporters.set(key, cached);
  return cached;
}

export function needsStartTls(smtpUrl: string): boolean {
  if (!URL.canParse(smtpUrl)) return true;
  const url = new URL(smtpUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return url.protocol === "smtp:" && !(host === "localhost" || host === "::1" || /^127\./.test(host));
}

/** The password of an SMTP URL, as written and decoded, so neither can leak into a reason. */
function urlSecrets(smtpUrl: string): string[] {
  if (!URL.canParse(smtpUrl)) return [];
  const { password } = new URL(smtpUrl);
  if (!password) return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // A broken escape: the raw form is redacted all the same.
  }
  return [password, decoded];
}

export function redactSecrets(text: string, secrets: string[]): string {
  // Longest first, so a secret that contains another is removed whole.
  const sorted = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  return sorted.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

type SmtpError = Error & { code?: string; originalCode?: string; responseCode?: number; response?: string; command?: string };

function describeTarget(smtpUrl: string): string {
  if (!URL.canParse(smtpUrl)) return "the SMTP server";
  const url = new URL(smtpUrl);
  const port = url.port || (url.protocol === "smtps:" ? "465" : "587");
  return `${url.hostname}:${port}`;
}

/** A reason an owner can act on: which step failed and what the server said. */
export function failureReason(error: unknown, smtpUrl: string, timeoutMs: number): string {
  const err = (error instanceof Error ? error : new Error(String(error))) as SmtpError;
  const target = describeTarget(smtpUrl);
  const reply = (err.response ?? "").trim() || err.message;
  const system = err.originalCode ?? err.code;
  if (system === "ECONNREFUSED") return `SMTP connection refused by ${target}`;
  if (system === "ENOTFOUND" || system === "EAI_AGAIN" || err.code === "EDNS") return `SMTP host not found: ${target}`;
  switch (err.code) {
    case "ETIMEDOUT":
    case "EABORT":
      return `SMTP server ${target} did not answer within ${timeoutMs / 1000} s`;
    case "EAUTH":
    case "ENOAUTH":
      return `SMTP authentication failed at ${target}: ${reply}`;
    case "ETLS":
      return `SMTP TLS failed with ${target}: ${err.message}`;
  }
  if (err.command?.startsWith("RCPT") || (err.code === "EENVELOPE" && /recipient/i.test(err.message))) {
    return `SMTP server rejected the recipient: ${reply}`;
  }
  if (err.command?.startsWith("MAIL")) return `SMTP server refused the sender: ${reply}`;
  if (err.responseCode) return `SMTP server refused the message: ${reply}`;
  return `SMTP error${err.code ? ` (${err.code})` : ""} with ${target}: ${err.message}`;
}

/** Sends one message. Never throws: a failure becomes a reason with no password or link in it. */
export async function deliver(mail: OutgoingMail): Promise<MailResult> {
  let secrets = mail.redact ?? [];
  try {
    const { transporter, redact } = transporterFor(mail.smtpUrl, mail.timeoutMs);
    secrets = [...secrets, ...redact];
    await transporter.sendMail({
      from: mail.from,
      // As an object, so a comma in it can never add a second recipient.
      to: { name: "", address: mail.to },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      signal: AbortSignal.timeout(mail.timeoutMs),
    });
    return { sent: true };
  } catch (error) {
    const reason = failureReason(error, mail.smtpUrl, mail.timeoutMs);
    return { sent: false, reason: redactSecrets(reason, [...secrets, ...urlSecrets(mail.smtpUrl)]) };
  }
}
