import { describe, expect, it } from "vitest";
import { escapeHtml, formatUtc, inviteMessage, type InviteMailInput } from "./message";

const base: InviteMailInput = {
  to: "new.user@example.com",
  inviteUrl: "https://keygate.example.com/invite/kgi_0123456789abcdefghijklmnop",
  role: "admin",
  invitedBy: "owner@example.com",
  expiresAt: new Date("2026-12-10T15:37:00Z"),
};

describe("inviteMessage", () => {
  it("says who invited, the role in words, the link and its expiry in UTC, in text and HTML", () => {
    const message = inviteMessage(base);
    expect(message.subject).toBe("You're invited to Keygate");
    expect(message.text).toContain("owner@example.com invited you to Keygate");
    expect(message.text).toContain("as Admin (API keys, providers, prices and settings)");
    expect(message.text).toContain(`\n${base.inviteUrl}\n`);
    expect(message.text).toContain("The link works until Thursday, 10 December 2026, 15:37 UTC.");
    expect(message.text).toContain("If you did not expect this invitation, ignore this e-mail");
    expect(message.html).toContain(`<a href="${base.inviteUrl}"`);
    expect(message.html).toContain("<strong>owner@example.com</strong>");
    expect(message.html).toContain("Thursday, 10 December 2026, 15:37 UTC");
    expect(message.html).toContain("If you did not expect this invitation, ignore this e-mail");
  });

  it("describes each role", () => {
    expect(inviteMessage({ ...base, role: "owner" }).text).toContain("as Owner (everything, including managing users)");
    expect(inviteMessage({ ...base, role: "viewer" }).text).toContain("as Viewer (can see everything except secrets)");
    expect(inviteMessage({ ...base, role: "viewer" }).html).toContain("<strong>Viewer</strong> (can see everything except secrets)");
  });

  it("escapes the inviter and the link in the HTML (the text stays as given)", () => {
    const message = inviteMessage({
      ...base,
      invitedBy: `"Mallory" <script>alert(1)</script>@example.com`,
      inviteUrl: `https://keygate.example.com/invite/abc?x="><img src=x onerror=alert(1)>&y=1`,
    });
    expect(message.html).not.toContain("<script>");
    expect(message.html).not.toContain("<img");
    expect(message.html).not.toMatch(/href="[^"]*"><img/);
    expect(message.html).toContain("&quot;Mallory&quot; &lt;script&gt;alert(1)&lt;/script&gt;@example.com");
    expect(message.html).toContain('href="https://keygate.example.com/invite/abc?x=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;y=1"');
    expect(message.text).toContain(`"Mallory" <script>alert(1)</script>@example.com invited you`);
  });

  it("refuses a link that is not http(s), an unknown role and an invalid date", () => {
    expect(() => inviteMessage({ ...base, inviteUrl: "javascript:alert(1)" })).toThrow("inviteUrl must be an http(s):// URL");
    expect(() => inviteMessage({ ...base, inviteUrl: "/invite/relative" })).toThrow("inviteUrl must be an http(s):// URL");
    expect(() => inviteMessage({ ...base, role: "root" as InviteMailInput["role"] })).toThrow('unknown role "root"');
    expect(() => inviteMessage({ ...base, expiresAt: new Date("nope") })).toThrow("expiresAt is not a valid date");
  });
});

describe("formatUtc and escapeHtml", () => {
  it("reads the same whatever the local time zone, with zero-padded times", () => {
    expect(formatUtc(new Date("2027-01-03T04:05:59.999Z"))).toBe("Sunday, 3 January 2027, 04:05 UTC");
    expect(formatUtc(new Date("2026-12-31T23:59:00-05:00"))).toBe("Friday, 1 January 2027, 04:59 UTC");
  });

  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});
