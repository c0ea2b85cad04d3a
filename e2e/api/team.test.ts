// Issue 9, team access: owners invite users with a role (owner, admin, viewer), every /api route
// checks the role itself (a table of route × role → status, checked against the route files so a
// new route cannot be left out), a role change or removal ends the user's sessions on their next
// request, a viewer never receives a full key, and each of these changes is one audit entry.
import { readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rawRequest } from "../support/raw-http";
import { signIn } from "../support/sign-in";
import { startStack, type ErrorBody, type Stack } from "../support/stack";

type Role = "owner" | "admin" | "viewer";
interface Invite {
  id: string;
  email: string;
  role: Role;
  inviteUrl: string;
  inviteExpiresAt: string;
  emailSent: boolean;
  emailError: string | null;
}
interface UserRow {
  id: string;
  email: string;
  role: Role;
  status: "active" | "invited" | "invite_expired";
  inviteExpiresAt: string | null;
  invitedBy: string | null;
  lastSignInAt: string | null;
}
interface AuditEntry {
  id: string;
  action: string;
  actor: { type: string; id: string | null; label: string };
  target: { type: string; id: string | null; label: string | null };
  changes: Record<string, unknown> | null;
}

const OWNER = { email: "owner@team.test", password: "correct horse battery staple" };
const PASSWORD = "a long enough password";
let stack: Stack;

/** A JSON request as the dashboard sends it with a session cookie (same origin), or with no credentials. */
async function asSession<T = unknown>(cookie: string | null, pathname: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { origin: stack.server.url };
  if (cookie) headers.cookie = cookie;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${stack.server.url}${pathname}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: "manual",
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // HTML or CSV: kept as text.
  }
  return { status: response.status, body: body as T, text };
}

/** The same request with `Authorization: Bearer <ADMIN_TOKEN>` (the body may be CSV). */
async function asToken(pathname: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${stack.adminToken}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${stack.server.url}${pathname}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  return { status: response.status, body: (response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as unknown };
}

const tokenOf = (invite: Invite) => invite.inviteUrl.split("/").pop() as string;

async function invite(email: string, role: Role): Promise<Invite> {
  const response = await stack.admin<Invite>("/api/users", { method: "POST", body: { email, role } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function accept(token: string, password = PASSWORD) {
  return asSession<{ email: string; role: Role } & ErrorBody>(null, "/api/invites/accept", { method: "POST", body: { token, password, confirmPassword: password } });
}

async function session(email: string, password = PASSWORD): Promise<string> {
  const result = await signIn(stack.server.url, { email, password });
  expect(result.error, `sign-in of ${email}`).toBeNull();
  expect(result.session).toBeTruthy();
  return result.session as string;
}

/** A user with `role` who accepted their invite and signed in: [id, session cookie]. */
async function member(email: string, role: Role): Promise<[string, string]> {
  const invited = await invite(email, role);
  expect((await accept(tokenOf(invited))).status).toBe(200);
  return [invited.id, await session(email)];
}

async function users(): Promise<UserRow[]> {
  const response = await stack.admin<{ items: UserRow[] }>("/api/users");
  expect(response.status).toBe(200);
  return response.body.items;
}

async function auditSince(mark: bigint): Promise<AuditEntry[]> {
  const response = await stack.admin<{ items: AuditEntry[] }>("/api/audit?limit=200");
  return response.body.items.filter((e) => BigInt(e.id) > mark).reverse();
}
async function auditMark(): Promise<bigint> {
  const response = await stack.admin<{ items: AuditEntry[] }>("/api/audit?limit=1");
  return BigInt(response.body.items[0]?.id ?? "0");
}

beforeAll(async () => {
  stack = await startStack({ env: { ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password } });
});

afterAll(async () => {
  await stack?.close();
});

describe("invites", () => {
  test("an owner invites: a single-use link valid 7 days; the invited user cannot sign in until they set a password", async () => {
    const before = Date.now();
    const invited = await invite("New.Admin@Team.test", "admin");
    expect(invited).toMatchObject({ email: "new.admin@team.test", role: "admin", emailSent: false, emailError: null });
    expect(invited.inviteUrl).toMatch(new RegExp(`^${stack.server.url}/invite/[A-Za-z0-9_-]{43}$`));
    const expires = Date.parse(invited.inviteExpiresAt);
    expect(expires - before).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expires - before).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);

    const listed = (await users()).find((u) => u.id === invited.id);
    expect(listed).toMatchObject({ status: "invited", role: "admin", invitedBy: "ADMIN_TOKEN", lastSignInAt: null });
    // The list never carries the link (only its hash is stored).
    expect(JSON.stringify(await users())).not.toContain(tokenOf(invited));

    // No password yet: no sign-in, whatever is tried.
    expect((await signIn(stack.server.url, { email: invited.email, password: "" })).session).toBeNull();

    // The invite page knows the link; a made-up one is "invalid or expired".
    const page = await asSession(null, `/invite/${tokenOf(invited)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("new.admin@team.test");
    const bogus = await asSession(null, `/invite/${"x".repeat(43)}`);
    expect(bogus.text).toMatch(/invalid, used or expired/);

    const mismatch = await asSession<ErrorBody>(null, "/api/invites/accept", { method: "POST", body: { token: tokenOf(invited), password: PASSWORD, confirmPassword: "something else!" } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.fields).toMatchObject({ confirmPassword: "Passwords do not match" });
    const short = await accept(tokenOf(invited), "short");
    expect(short.status).toBe(400);

    const accepted = await accept(tokenOf(invited));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ email: "new.admin@team.test", role: "admin" });
    // Single use: the same link again, or its page, is refused.
    const again = await accept(tokenOf(invited), "another long password");
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/invalid, used or expired/);
    expect((await asSession(null, `/invite/${tokenOf(invited)}`)).text).toMatch(/invalid, used or expired/);

    const cookie = await session(invited.email);
    expect((await asSession(cookie, "/api/keys")).status).toBe(200);
    expect((await users()).find((u) => u.id === invited.id)).toMatchObject({ status: "active", inviteExpiresAt: null });
    expect((await users()).find((u) => u.id === invited.id)?.lastSignInAt).not.toBeNull();
  });

  test("a link used twice at once sets one password", async () => {
    const invited = await invite("race@team.test", "viewer");
    const [a, b] = await Promise.all([accept(tokenOf(invited), "first long password"), accept(tokenOf(invited), "second long password")]);
    expect([a.status, b.status].sort()).toEqual([200, 404]);
    const winner = a.status === 200 ? "first long password" : "second long password";
    const loser = a.status === 200 ? "second long password" : "first long password";
    expect((await signIn(stack.server.url, { email: invited.email, password: winner })).session).toBeTruthy();
    expect((await signIn(stack.server.url, { email: invited.email, password: loser })).session).toBeNull();
  });

  test("two owners inviting one email at once: one invite, the other a clear 409", async () => {
    const body = { email: "twice@team.test", role: "viewer" };
    const answers = await Promise.all([stack.admin<ErrorBody>("/api/users", { method: "POST", body }), stack.admin<ErrorBody>("/api/users", { method: "POST", body })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.message).toMatch(/already (exists|has an invite)/);
    expect((await users()).filter((u) => u.email === "twice@team.test")).toHaveLength(1);
  });

  test("re-issuing a link ends the old one; an expired link is refused and shown as expired", async () => {
    const invited = await invite("reissue@team.test", "viewer");
    const again = await stack.admin<Invite>(`/api/users/${invited.id}/invite`, { method: "POST" });
    expect(again.status).toBe(200);
    expect(tokenOf(again.body)).not.toBe(tokenOf(invited));
    expect((await accept(tokenOf(invited))).status).toBe(404);

    // A week later (the row's expiry moved into the past): refused, and the list says so.
    await stack.inspectDb((query) => query(`UPDATE "User" SET "inviteExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [invited.id]));
    expect((await users()).find((u) => u.id === invited.id)?.status).toBe("invite_expired");
    expect((await accept(tokenOf(again.body))).status).toBe(404);
    const fresh = await stack.admin<Invite>(`/api/users/${invited.id}/invite`, { method: "POST" });
    expect((await accept(tokenOf(fresh.body))).status).toBe(200);
    // Accepted: nothing left to re-issue.
    const done = await stack.admin<ErrorBody>(`/api/users/${invited.id}/invite`, { method: "POST" });
    expect(done.status).toBe(409);
  });

  test("bad invites get clear errors and change nothing", async () => {
    const mark = await auditMark();
    const count = (await users()).length;
    const cases: [unknown, number, RegExp][] = [
      [{ email: "x@team.test", role: "superuser" }, 400, /Role must be owner, admin or viewer/],
      [{ email: "not an email", role: "viewer" }, 400, /valid email/],
      [{ email: "x@team.test" }, 400, /Role must be owner, admin or viewer/],
      [{ email: "x@team.test", role: "viewer", password: "set by owner" }, 400, /password/],
      [{ email: OWNER.email, role: "viewer" }, 409, /already exists/],
      [{ email: "reissue@team.test", role: "viewer" }, 409, /already exists/],
    ];
    for (const [body, status, message] of cases) {
      const response = await stack.admin<ErrorBody>("/api/users", { method: "POST", body });
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.body.error.message).toMatch(message);
    }
    const pending = await invite("pending@team.test", "viewer");
    const duplicate = await stack.admin<ErrorBody>("/api/users", { method: "POST", body: { email: "pending@team.test", role: "admin" } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/re-issue/);
    expect((await users()).length).toBe(count + 1);
    // Only the one invite that worked was recorded.
    expect((await auditSince(mark)).map((e) => [e.action, e.target.id])).toEqual([["user.invited", pending.id]]);
  });
});

describe("roles on every /api route", () => {
  const sessions: Record<Role, string> = { owner: "", admin: "", viewer: "" };
  let keyId = "";
  let keySecret = "";

  beforeAll(async () => {
    sessions.owner = await session(OWNER.email, OWNER.password);
    [, sessions.admin] = await member("matrix.admin@team.test", "admin");
    [, sessions.viewer] = await member("matrix.viewer@team.test", "viewer");
    const created = await stack.createKey("Matrix key");
    keyId = created.id;
    keySecret = created.key;
  });

  type Who = Role | "token";
  interface RouteCase {
    method: "GET" | "POST" | "PATCH" | "DELETE";
    /** The route file's path pattern (`[id]` for a path parameter). */
    route: string;
    /** The least role; the admin token acts as an owner. */
    needs: Role;
    /** What an allowed caller gets with the request below (chosen to change nothing that matters). */
    ok: number;
    path?: () => string;
    body?: unknown;
    /** Account routes belong to a signed-in user: the token is no account. */
    token?: number;
  }
  const missing = "no-such-id";
  const ROUTES: RouteCase[] = [
    { method: "GET", route: "/api/keys", needs: "viewer", ok: 200 },
    { method: "POST", route: "/api/keys", needs: "admin", ok: 400, body: {} },
    { method: "GET", route: "/api/keys/[id]", needs: "viewer", ok: 200, path: () => `/api/keys/${keyId}` },
    { method: "PATCH", route: "/api/keys/[id]", needs: "admin", ok: 404, path: () => `/api/keys/${missing}`, body: { name: "x" } },
    { method: "DELETE", route: "/api/keys/[id]", needs: "admin", ok: 404, path: () => `/api/keys/${missing}` },
    { method: "GET", route: "/api/keys/[id]/reveal", needs: "admin", ok: 200, path: () => `/api/keys/${keyId}/reveal` },
    { method: "GET", route: "/api/keys/[id]/limits", needs: "viewer", ok: 200, path: () => `/api/keys/${keyId}/limits` },
    { method: "GET", route: "/api/keys/[id]/usage", needs: "viewer", ok: 200, path: () => `/api/keys/${keyId}/usage` },
    { method: "POST", route: "/api/keys/[id]/rotate", needs: "admin", ok: 404, path: () => `/api/keys/${missing}/rotate`, body: { gracePeriodSeconds: 0 } },
    { method: "POST", route: "/api/keys/[id]/end-grace", needs: "admin", ok: 404, path: () => `/api/keys/${missing}/end-grace` },
    { method: "GET", route: "/api/onboarding", needs: "viewer", ok: 200 },
    { method: "GET", route: "/api/prices", needs: "viewer", ok: 200 },
    { method: "POST", route: "/api/prices", needs: "admin", ok: 400, body: {} },
    { method: "PATCH", route: "/api/prices/[id]", needs: "admin", ok: 404, path: () => `/api/prices/${missing}`, body: { inputUsdPerMTok: 1 } },
    { method: "DELETE", route: "/api/prices/[id]", needs: "admin", ok: 404, path: () => `/api/prices/${missing}` },
    { method: "GET", route: "/api/prices/catalog", needs: "viewer", ok: 200, path: () => "/api/prices/catalog?q=gpt" },
    { method: "GET", route: "/api/prices/resolve", needs: "viewer", ok: 200, path: () => "/api/prices/resolve?model=gpt-4o" },
    { method: "GET", route: "/api/providers", needs: "viewer", ok: 200 },
    { method: "POST", route: "/api/providers", needs: "admin", ok: 400, body: {} },
    { method: "GET", route: "/api/providers/[id]", needs: "viewer", ok: 404, path: () => `/api/providers/${missing}` },
    { method: "PATCH", route: "/api/providers/[id]", needs: "admin", ok: 404, path: () => `/api/providers/${missing}`, body: { name: "x" } },
    { method: "DELETE", route: "/api/providers/[id]", needs: "admin", ok: 404, path: () => `/api/providers/${missing}` },
    { method: "POST", route: "/api/providers/[id]/test", needs: "admin", ok: 404, path: () => `/api/providers/${missing}/test`, body: {} },
    { method: "POST", route: "/api/providers/test", needs: "admin", ok: 400, body: {} },
    { method: "GET", route: "/api/settings", needs: "viewer", ok: 200 },
    { method: "PATCH", route: "/api/settings", needs: "admin", ok: 400, body: { auditRetentionDays: 0 } },
    { method: "GET", route: "/api/usage", needs: "viewer", ok: 200 },
    { method: "GET", route: "/api/usage/export", needs: "viewer", ok: 200 },
    { method: "GET", route: "/api/usage/logs", needs: "viewer", ok: 200 },
    { method: "GET", route: "/api/usage/logs/[id]", needs: "viewer", ok: 404, path: () => "/api/usage/logs/123456789" },
    { method: "GET", route: "/api/usage/logs/export", needs: "viewer", ok: 200 },
    { method: "POST", route: "/api/usage/retention", needs: "admin", ok: 200 },
    { method: "GET", route: "/api/audit", needs: "viewer", ok: 200 },
    { method: "GET", route: "/api/audit/export", needs: "viewer", ok: 200 },
    { method: "POST", route: "/api/account/password", needs: "viewer", ok: 400, body: {}, token: 403 },
    { method: "POST", route: "/api/account/email", needs: "viewer", ok: 400, body: {}, token: 403 },
    { method: "GET", route: "/api/users", needs: "viewer", ok: 200 },
    { method: "POST", route: "/api/users", needs: "owner", ok: 400, body: {} },
    { method: "PATCH", route: "/api/users/[id]", needs: "owner", ok: 404, path: () => `/api/users/${missing}`, body: { role: "viewer" } },
    { method: "DELETE", route: "/api/users/[id]", needs: "owner", ok: 404, path: () => `/api/users/${missing}` },
    { method: "POST", route: "/api/users/[id]/invite", needs: "owner", ok: 404, path: () => `/api/users/${missing}/invite` },
  ];
  // Routes that authenticate otherwise: the first-run form, health, next-auth, the cron secret,
  // the invite link, and the catch-all 404.
  const PUBLIC = new Set(["POST /api/setup", "GET /api/health", "POST /api/invites/accept", "GET /api/cron/maintenance"]);

  /** Every method an /api route file serves through withAdmin (or at all), from the files themselves. */
  function servedRoutes(): string[] {
    const root = path.resolve("app/api");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") {
          const route = `/api/${path.relative(root, dir).split(path.sep).join("/")}`.replace(/\/$/, "");
          if (route.startsWith("/api/auth/") || route === "/api/[...path]") continue;
          const source = readFileSync(full, "utf8");
          for (const [, method] of source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${method} ${route}`);
        }
      }
    };
    walk(root);
    return found.filter((r) => !PUBLIC.has(r)).sort();
  }

  test("the table names every route the app serves", () => {
    expect(ROUTES.map((r) => `${r.method} ${r.route}`).sort()).toEqual(servedRoutes());
  });

  const RANK: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };
  const WHO: Who[] = ["owner", "admin", "viewer", "token"];

  test.each(ROUTES)("$method $route: $needs and above", async (route) => {
    const pathname = route.path?.() ?? route.route;
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const who of [...WHO, "nobody"] as const) {
      let status: number;
      let body: unknown;
      if (who === "token") {
        ({ status, body } = await asToken(pathname, { method: route.method, body: route.body }));
        want[who] = route.token ?? route.ok;
      } else if (who === "nobody") {
        ({ status, body } = await asSession(null, pathname, { method: route.method, body: route.body }));
        want[who] = 401;
      } else {
        ({ status, body } = await asSession(sessions[who], pathname, { method: route.method, body: route.body }));
        want[who] = RANK[who] >= RANK[route.needs] ? route.ok : 403;
      }
      got[who] = status;
      if (status === 403) expect((body as ErrorBody).error.code, `${who}: ${JSON.stringify(body)}`).toBe("forbidden");
    }
    expect(got).toEqual(want);
  });

  test("a viewer never receives a full key: not from the API, not in a page's HTML", async () => {
    const viewer = sessions.viewer;
    const reads = ["/api/keys", `/api/keys/${keyId}`, `/api/keys/${keyId}/limits`, `/api/keys/${keyId}/usage`, "/api/audit", "/api/usage/logs", "/api/onboarding"];
    for (const pathname of reads) {
      const response = await asSession(viewer, pathname);
      expect(response.status, pathname).toBe(200);
      expect(response.text, pathname).not.toContain(keySecret);
    }
    for (const purpose of ["", "?purpose=copy"]) {
      const refused = await asSession<ErrorBody>(viewer, `/api/keys/${keyId}/reveal${purpose}`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/Viewers cannot change anything or see secrets/);
      expect(refused.text).not.toContain(keySecret);
    }
    for (const page of ["/keys", `/keys/${keyId}`, "/usage", "/usage/logs", "/audit", "/providers", "/models", "/settings", "/users", "/account"]) {
      const response = await asSession(viewer, page);
      expect(response.status, page).toBe(200);
      expect(response.text, page).not.toContain(keySecret);
      expect(response.text, page).not.toContain(keySecret.slice(-12));
    }
    // An admin, by contrast, may reveal it.
    const revealed = await asSession<{ key: string }>(sessions.admin, `/api/keys/${keyId}/reveal`);
    expect(revealed.body.key).toBe(keySecret);
  });
});

describe("changing roles and removing users", () => {
  test("a role change ends the user's sessions at once; they sign in again with the new role", async () => {
    const [id, cookie] = await member("promoted@team.test", "viewer");
    const other = await session("promoted@team.test");
    expect((await asSession(cookie, "/api/keys", { method: "POST", body: { name: "nope" } })).status).toBe(403);

    const mark = await auditMark();
    const changed = await stack.admin<UserRow>(`/api/users/${id}`, { method: "PATCH", body: { role: "admin" } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id, role: "admin", status: "active" });
    for (const old of [cookie, other]) expect((await asSession(old, "/api/keys")).status).toBe(401);

    const fresh = await session("promoted@team.test");
    const created = await asSession<{ id: string }>(fresh, "/api/keys", { method: "POST", body: { name: "By the promoted admin" } });
    expect(created.status).toBe(201);
    // Setting the role it already has changes nothing and records nothing.
    expect((await stack.admin(`/api/users/${id}`, { method: "PATCH", body: { role: "admin" } })).status).toBe(200);
    expect((await asSession(fresh, "/api/keys")).status).toBe(200);

    const entries = (await auditSince(mark)).filter((e) => e.action.startsWith("user."));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "user.role_changed", actor: { type: "admin_token" }, target: { type: "user", id, label: "promoted@team.test" }, changes: { role: { from: "viewer", to: "admin" }, sessionsEnded: true } });
  });

  test("a removed user's open session is refused on its next request, and the removal is audited", async () => {
    const [id, cookie] = await member("leaving@team.test", "admin");
    expect((await asSession(cookie, "/api/keys")).status).toBe(200);
    const owner = await session(OWNER.email, OWNER.password);
    const mark = await auditMark();
    const removed = await asSession(owner, `/api/users/${id}`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect((await asSession(cookie, "/api/keys")).status).toBe(401);
    // The dashboard's pages send a removed user to sign in.
    const page = await asSession(cookie, "/keys");
    expect(page.status).toBe(307);
    expect((await signIn(stack.server.url, { email: "leaving@team.test", password: PASSWORD })).session).toBeNull();
    expect((await users()).some((u) => u.id === id)).toBe(false);
    expect((await asSession(owner, `/api/users/${id}`, { method: "DELETE" })).status).toBe(404);

    // One removal (and the refused sign-in after it, which is an auth entry).
    const entries = (await auditSince(mark)).filter((e) => e.action.startsWith("user."));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "user.removed", actor: { type: "user", label: OWNER.email }, target: { id, label: "leaving@team.test" }, changes: { role: { from: "admin", to: null }, status: "active" } });
  });

  test("an admin cannot manage users; an owner cannot demote or remove themselves; the ADMIN_EMAIL account cannot be changed", async () => {
    const [adminId, adminCookie] = await member("not.an.owner@team.test", "admin");
    const refused = await asSession<ErrorBody>(adminCookie, "/api/users", { method: "POST", body: { email: "friend@team.test", role: "owner" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Only an owner can do this: you are signed in as admin/);
    expect((await asSession(adminCookie, `/api/users/${adminId}`, { method: "PATCH", body: { role: "owner" } })).status).toBe(403);

    const owner = await session(OWNER.email, OWNER.password);
    const ownerId = (await users()).find((u) => u.email === OWNER.email)?.id as string;
    const self = await asSession<ErrorBody>(owner, `/api/users/${ownerId}`, { method: "PATCH", body: { role: "viewer" } });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/your own account/);
    expect((await asSession(owner, `/api/users/${ownerId}`, { method: "DELETE" })).status).toBe(409);

    // The ADMIN_EMAIL account is made an owner again at every start: changing it would not last.
    const env = await stack.admin<ErrorBody>(`/api/users/${ownerId}`, { method: "PATCH", body: { role: "admin" } });
    expect(env.status).toBe(409);
    expect(env.body.error.message).toMatch(/ADMIN_EMAIL's account, made an owner again at every start/);
    expect((await stack.admin(`/api/users/${ownerId}`, { method: "DELETE" })).status).toBe(409);
    const rename = await asSession<ErrorBody>(owner, "/api/account/email", { method: "POST", body: { email: "renamed@team.test", currentPassword: OWNER.password } });
    expect(rename.status).toBe(409);
    expect(rename.body.error.message).toMatch(/set by ADMIN_EMAIL/);

    // A second owner may invite, and demote the first owner that is not ADMIN_EMAIL's.
    expect((await asSession(owner, `/api/users/${adminId}`, { method: "PATCH", body: { role: "owner" } })).status).toBe(200);
    const second = await session("not.an.owner@team.test");
    expect((await asSession(second, `/api/users/${ownerId}`, { method: "PATCH", body: { role: "admin" } })).status).toBe(409);
    expect((await asSession(second, "/api/users", { method: "POST", body: { email: "by.second@team.test", role: "viewer" } })).status).toBe(201);
    expect((await stack.admin(`/api/users/${adminId}`, { method: "PATCH", body: { role: "admin" } })).status).toBe(200);
  });

  test("the ADMIN_EMAIL account was created at start by the system, and the audit log says so", async () => {
    const entries = await stack.admin<{ items: AuditEntry[] }>(`/api/audit?action=user.created&target=${encodeURIComponent(OWNER.email)}`);
    expect(entries.body.items).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ type: "system" }), changes: { email: { from: null, to: OWNER.email }, role: { from: null, to: "owner" }, via: "ADMIN_EMAIL" } }),
    ]);
  });

  test("invites and acceptances are audited without the link's token", async () => {
    const mark = await auditMark();
    const invited = await invite("audited@team.test", "viewer");
    expect((await accept(tokenOf(invited))).status).toBe(200);
    const entries = await auditSince(mark);
    expect(entries.map((e) => e.action)).toEqual(["user.invited", "user.invite_accepted"]);
    expect(entries[0]).toMatchObject({ actor: { type: "admin_token" }, target: { type: "user", id: invited.id, label: "audited@team.test" }, changes: { role: { from: null, to: "viewer" } } });
    expect(entries[1]).toMatchObject({ actor: { type: "user", id: invited.id, label: "audited@team.test" } });
    expect(JSON.stringify(entries)).not.toContain(tokenOf(invited));
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });
});

test("the first /setup account is an owner, and the last owner stays one", async () => {
  const fresh = await startStack({ env: {} });
  try {
    const setup = await rawRequest(fresh.server.url, "/api/setup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: fresh.server.url },
      body: JSON.stringify({ email: "first@team.test", password: PASSWORD, confirmPassword: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    const listed = await fresh.admin<{ items: UserRow[] }>("/api/users");
    expect(listed.body.items).toEqual([expect.objectContaining({ email: "first@team.test", role: "owner", status: "active", invitedBy: null })]);
    // The token is no account, but it cannot leave Keygate without an owner who can sign in.
    const id = listed.body.items[0]?.id as string;
    const last = await fresh.admin<ErrorBody>(`/api/users/${id}`, { method: "PATCH", body: { role: "admin" } });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/needs an owner/);
    expect((await fresh.admin(`/api/users/${id}`, { method: "DELETE" })).status).toBe(409);
    // An owner invited but not yet signed up does not count.
    await fresh.admin("/api/users", { method: "POST", body: { email: "pending.owner@team.test", role: "owner" } });
    expect((await fresh.admin(`/api/users/${id}`, { method: "PATCH", body: { role: "admin" } })).status).toBe(409);
  } finally {
    await fresh.close();
  }
});

test("with SMTP_URL set, the invite is also e-mailed; a mail server that fails loses no invite", async () => {
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@bounce.test")) return callback(Object.assign(new Error("5.1.1 mailbox unavailable"), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => void simpleParser(Buffer.concat(chunks)).then((mail) => (mails.push(mail), callback()), callback));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  const mailed = await startStack({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: "Keygate <keygate@team.test>" } });
  try {
    const sent = await mailed.admin<Invite>("/api/users", { method: "POST", body: { email: "mailed@team.test", role: "admin" } });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ emailSent: true, emailError: null });
    expect(mails).toHaveLength(1);
    const mail = mails[0] as ParsedMail;
    expect(mail.from?.text).toBe('"Keygate" <keygate@team.test>');
    expect(mail.subject).toMatch(/invited to Keygate/i);
    expect(mail.text).toContain(sent.body.inviteUrl);
    expect(mail.text).toMatch(/admin/i);

    const bounced = await mailed.admin<Invite>("/api/users", { method: "POST", body: { email: "someone@bounce.test", role: "viewer" } });
    expect(bounced.status).toBe(201);
    expect(bounced.body.emailSent).toBe(false);
    expect(bounced.body.emailError).toMatch(/rejected the recipient/);
    expect(bounced.body.emailError).not.toContain(tokenOf(bounced.body));
    // The invite stands: its link works.
    const accepted = await fetch(`${mailed.server.url}/api/invites/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: mailed.server.url },
      body: JSON.stringify({ token: tokenOf(bounced.body), password: PASSWORD, confirmPassword: PASSWORD }),
    });
    expect(accepted.status).toBe(200);
  } finally {
    await mailed.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  }
});
