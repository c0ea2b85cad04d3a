import net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { mailConfigured, mailFrom, sendInviteMail, type InviteMailInput } from "@/lib/mail";
import { deliver } from "./transport";

const PASSWORD = "s3cret-Pa55word";
const TOKEN = "kgi_Zx81LmQ0pR7sT2uV9wY4aB6cD3eF";
const invite: InviteMailInput = {
  to: "new.user@example.com",
  inviteUrl: `https://keygate.example.com/invite/${TOKEN}`,
  role: "viewer",
  invitedBy: `Owner <script>@example.com`,
  expiresAt: new Date("2026-12-10T15:37:00Z"),
};

type Received = { envelopeFrom: string; envelopeTo: string[]; user: string | undefined; mail: ParsedMail };
const received: Received[] = [];
let port = 0;
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === PASSWORD) return callback(null, { user: "mailer" });
      // Echoes the password back, as a careless server might: the reason must not carry it on.
      callback(Object.assign(new Error(`Authentication failed for ${auth.username}/${auth.password ?? ""}`), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@rejected.example")) {
        return callback(Object.assign(new Error("5.1.1 <" + address.address + ">: mailbox unavailable"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          if (mail.text?.includes("refuse-this-content")) {
            // A content filter that quotes the link: the token must not reach the reason.
            return callback(Object.assign(new Error(`5.7.1 spam: ${mail.text.match(/https:\/\/\S+/)?.[0] ?? "no link"}`), { responseCode: 554 }));
          }
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === "string" ? session.user : undefined,
            mail,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let errors: MockInstance<typeof console.error>;
function useEnv(vars: Record<string, string>) {
  vi.unstubAllEnvs();
  resetEnvForTests();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  received.length = 0;
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  resetEnvForTests();
});

const logged = () => errors.mock.calls.map((call) => call.join(" ")).join("\n");

describe("sendInviteMail through a real SMTP server", () => {
  it("delivers to the invitee from SMTP_FROM, with the link in text and escaped HTML", async () => {
    useEnv({ SMTP_URL: `smtp://mailer:${PASSWORD}@127.0.0.1:${port}`, SMTP_FROM: "Keygate Team <team@keygate.example.com>" });
    expect(mailConfigured()).toBe(true);
    await expect(sendInviteMail(invite)).resolves.toEqual({ sent: true });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got?.user).toBe("mailer");
    expect(got?.envelopeFrom).toBe("team@keygate.example.com");
    expect(got?.envelopeTo).toEqual(["new.user@example.com"]);
    expect(got?.mail.from?.value).toEqual([{ name: "Keygate Team", address: "team@keygate.example.com" }]);
    expect(got?.mail.to && !Array.isArray(got.mail.to) ? got.mail.to.value.map((a) => a.address) : []).toEqual(["new.user@example.com"]);
    expect(got?.mail.subject).toBe("You're invited to Keygate");
    expect(got?.mail.text).toContain(invite.inviteUrl);
    expect(got?.mail.text).toContain("as Viewer (can see everything except secrets)");
    expect(got?.mail.text).toContain("Thursday, 10 December 2026, 15:37 UTC");
    expect(got?.mail.html).toContain(`href="${invite.inviteUrl}"`);
    expect(got?.mail.html).toContain("Owner &lt;script&gt;@example.com");
    expect(got?.mail.html).not.toContain("<script>");
    expect(errors).not.toHaveBeenCalled();
  });

  it("sends from Keygate <keygate@HOST of PUBLIC_URL> by default, and needs no login when the server asks none", async () => {
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: "https://gate.example.org/base" });
    expect(mailFrom()).toBe("Keygate <keygate@gate.example.org>");
    await expect(sendInviteMail({ ...invite, to: "second@example.com" })).resolves.toEqual({ sent: true });
    expect(received[0]?.mail.from?.value).toEqual([{ name: "Keygate", address: "keygate@gate.example.org" }]);
    expect(received[0]?.envelopeTo).toEqual(["second@example.com"]);
    expect(received[0]?.user).toBeUndefined();
  });

  it("falls back to localhost when PUBLIC_URL is unset or an IP address", () => {
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(mailFrom()).toBe("Keygate <keygate@localhost>");
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: "http://10.0.0.5:8080" });
    expect(mailFrom()).toBe("Keygate <keygate@localhost>");
  });

  it("creates one transporter per SMTP_URL and reuses it", async () => {
    const created = vi.spyOn(nodemailer, "createTransport");
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}/?name=cache-a.example` });
    await expect(sendInviteMail(invite)).resolves.toEqual({ sent: true });
    await expect(sendInviteMail(invite)).resolves.toEqual({ sent: true });
    expect(created).toHaveBeenCalledTimes(1);
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}/?name=cache-b.example` });
    await expect(sendInviteMail(invite)).resolves.toEqual({ sent: true });
    expect(created).toHaveBeenCalledTimes(2);
    expect(received).toHaveLength(1);
  });

  it("names a rejected recipient", async () => {
    useEnv({ SMTP_URL: `smtp://mailer:${PASSWORD}@127.0.0.1:${port}` });
    const result = await sendInviteMail({ ...invite, to: "nobody@rejected.example" });
    expect(result).toEqual({ sent: false, reason: expect.stringMatching(/^SMTP server rejected the recipient: 550 5\.1\.1 <nobody@rejected\.example>: mailbox unavailable/) });
    expect(received).toHaveLength(0);
    expect(logged()).toContain("[keygate] invite e-mail to nobody@rejected.example not sent: SMTP server rejected the recipient");
  });

  it("names an authentication failure without the password, in the result and the log", async () => {
    useEnv({ SMTP_URL: `smtp://mailer:wrong-${PASSWORD}@127.0.0.1:${port}` });
    const result = await sendInviteMail(invite);
    expect(result.sent).toBe(false);
    const reason = result.sent ? "" : result.reason;
    expect(reason).toMatch(new RegExp(`^SMTP authentication failed at 127\\.0\\.0\\.1:${port}: .*535 Authentication failed for mailer/\\[redacted\\]`));
    expect(reason).not.toContain(PASSWORD);
    expect(logged()).toContain("SMTP authentication failed");
    expect(logged()).not.toContain(PASSWORD);
  });

  it("keeps a percent-encoded password's decoded form out of the reason too", async () => {
    useEnv({ SMTP_URL: `smtp://mailer:bad%40pass%2Fword@127.0.0.1:${port}` });
    const result = await sendInviteMail(invite);
    const reason = result.sent ? "" : result.reason;
    expect(reason).toContain("SMTP authentication failed");
    expect(reason).not.toContain("bad@pass/word");
    expect(reason).not.toContain("bad%40pass%2Fword");
  });

  it("keeps the invite token out of a refusal that quotes the message", async () => {
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const result = await sendInviteMail({ ...invite, invitedBy: "refuse-this-content@example.com" });
    const reason = result.sent ? "" : result.reason;
    expect(reason).toMatch(/^SMTP server refused the message: 554 5\.7\.1 spam: \[redacted\]/);
    expect(reason).not.toContain(TOKEN);
    expect(logged()).not.toContain(TOKEN);
  });

  it("names a refused connection, quickly", async () => {
    const closed = await freePort();
    useEnv({ SMTP_URL: `smtp://mailer:${PASSWORD}@127.0.0.1:${closed}` });
    const started = Date.now();
    await expect(sendInviteMail(invite)).resolves.toEqual({ sent: false, reason: `SMTP connection refused by 127.0.0.1:${closed}` });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up on a server that never greets, within the timeout", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentPort = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const result = await deliver({ smtpUrl: `smtp://127.0.0.1:${silentPort}`, from: "a@example.com", to: "b@example.com", subject: "s", text: "t", html: "h", timeoutMs: 300 });
      expect(result).toEqual({ sent: false, reason: `SMTP server 127.0.0.1:${silentPort} did not answer within 0.3 s` });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.close();
    }
  });

  it("does nothing without SMTP_URL", async () => {
    useEnv({});
    expect(mailConfigured()).toBe(false);
    await expect(sendInviteMail(invite)).resolves.toEqual({ sent: false, reason: "SMTP is not configured" });
    expect(received).toHaveLength(0);
  });

  it("refuses bad input with a reason instead of throwing, and sends nothing", async () => {
    useEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    await expect(sendInviteMail({ ...invite, to: "a@example.com, b@example.com" })).resolves.toEqual({ sent: false, reason: "Invite e-mail not sent: to is not an e-mail address" });
    await expect(sendInviteMail({ ...invite, inviteUrl: "javascript:alert(1)" })).resolves.toEqual({ sent: false, reason: "Invite e-mail not sent: inviteUrl is not an http(s):// URL" });
    await expect(sendInviteMail({ ...invite, expiresAt: new Date("x") })).resolves.toEqual({ sent: false, reason: "Invite e-mail not sent: expiresAt is not a valid date" });
    expect(received).toHaveLength(0);
  });

  it("reports an invalid configuration as a reason, without the URL", async () => {
    useEnv({ SMTP_URL: `http://mailer:${PASSWORD}@127.0.0.1:${port}` });
    const result = await sendInviteMail(invite);
    expect(result).toEqual({ sent: false, reason: expect.stringMatching(/^Invite e-mail not sent: Invalid configuration: SMTP_URL must be an smtp:\/\//) });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

describe("STARTTLS", () => {
  it("is required for smtp:// to another machine, not to this one or with smtps://", async () => {
    const { needsStartTls } = await import("./transport");
    expect(needsStartTls("smtp://u:p@mail.example.com:587")).toBe(true);
    expect(needsStartTls("smtp://u:p@10.0.0.5:25")).toBe(true);
    expect(needsStartTls("smtp://127.0.0.1:2525")).toBe(false);
    expect(needsStartTls("smtp://localhost:25")).toBe(false);
    expect(needsStartTls("smtp://[::1]:25")).toBe(false);
    expect(needsStartTls("smtps://u:p@mail.example.com:465")).toBe(false);
  });
});
