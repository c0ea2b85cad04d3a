// Issue 9: the audit log. Every change through /api (and every sign-in) writes exactly one entry with
// who, what, before and after, from where; a refused change writes none; no secret is ever in one;
// the entry is written in the change's own transaction; entries cannot be edited.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rawRequest } from "../support/raw-http";
import { signIn } from "../support/sign-in";
import { startStack, type ErrorBody, type Stack } from "../support/stack";

interface Entry {
  id: string;
  createdAt: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null; label: string | null };
  changes: Record<string, { from: unknown; to: unknown } | unknown> | null;
  ip: string | null;
  userAgent: string | null;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const OWNER = { email: "owner@example.com", password: "correct horse battery staple" };
let stack: Stack;

async function audit(query = ""): Promise<Page> {
  const response = await stack.admin<Page>(`/api/audit?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function newest(): Promise<bigint> {
  return BigInt((await audit("limit=1")).items[0]?.id ?? "0");
}

/** The entries `fn` wrote, oldest first. */
async function entriesOf(fn: () => Promise<unknown>): Promise<Entry[]> {
  const mark = await newest();
  await fn();
  return (await audit("limit=200")).items.filter((e) => BigInt(e.id) > mark).reverse();
}

async function only(fn: () => Promise<unknown>): Promise<Entry> {
  const entries = await entriesOf(fn);
  expect(entries.map((e) => e.action)).toHaveLength(1);
  return entries[0] as Entry;
}

beforeAll(async () => {
  stack = await startStack({ env: { ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password } });
});

afterAll(async () => {
  await stack?.close();
});

describe("key changes", () => {
  let id: string;
  let secret: string;

  test("created: the key's settings and masked display, by the admin token", async () => {
    const entry = await only(async () => {
      const created = await stack.admin<{ id: string; key: string }>("/api/keys", { method: "POST", body: { name: "Audited", rpmLimit: 60, tags: ["team:search"] } });
      expect(created.status).toBe(201);
      ({ id, key: secret } = created.body);
    });
    expect(entry).toMatchObject({ action: "key.created", actor: { type: "admin_token", label: "ADMIN_TOKEN" }, target: { type: "key", id, label: "Audited" } });
    expect(entry.changes).toMatchObject({ name: { from: null, to: "Audited" }, rpmLimit: { from: null, to: 60 }, tags: { from: null, to: ["team:search"] }, enabled: { from: null, to: true } });
    expect(entry.ip).toBe("127.0.0.1");
    expect(entry.userAgent).toMatch(/node|undici/i);
  });

  test("updated: before and after of each changed field only, policies included", async () => {
    const entry = await only(() =>
      stack.admin(`/api/keys/${id}`, { method: "PATCH", body: { rpmLimit: 120, allowedModels: ["gpt-4*"], expiresAt: "2099-01-01T00:00:00Z", tags: ["team:search", "env:prod"], name: "Audited" } }),
    );
    expect(entry.action).toBe("key.updated");
    expect(entry.changes).toEqual({
      rpmLimit: { from: 60, to: 120 },
      allowedModels: { from: [], to: ["gpt-4*"] },
      expiresAt: { from: null, to: "2099-01-01T00:00:00.000Z" },
      tags: { from: ["team:search"], to: ["team:search", "env:prod"] },
    });
    // Sending what is already there changes nothing and records nothing.
    expect(await entriesOf(() => stack.admin(`/api/keys/${id}`, { method: "PATCH", body: { rpmLimit: 120 } }))).toEqual([]);
  });

  test("disabled and enabled are their own actions", async () => {
    expect(await only(() => stack.admin(`/api/keys/${id}`, { method: "PATCH", body: { enabled: false } }))).toMatchObject({ action: "key.disabled", changes: { enabled: { from: true, to: false } } });
    expect(await only(() => stack.admin(`/api/keys/${id}`, { method: "PATCH", body: { enabled: true } }))).toMatchObject({ action: "key.enabled" });
  });

  test("revealed and copied: each fetch of the full key", async () => {
    expect(await only(() => stack.admin(`/api/keys/${id}/reveal`))).toMatchObject({ action: "key.revealed", target: { id } });
    expect(await only(() => stack.admin(`/api/keys/${id}/reveal?purpose=copy`))).toMatchObject({ action: "key.copied", target: { id } });
    expect((await stack.admin<ErrorBody>(`/api/keys/${id}/reveal?purpose=print`)).status).toBe(400);
  });

  test("rotated and grace ended: the masked secrets and the grace period, never a secret", async () => {
    let rotatedSecret = "";
    const rotated = await only(async () => {
      const response = await stack.admin<{ key: string; display: string }>(`/api/keys/${id}/rotate`, { method: "POST", body: { gracePeriodSeconds: 3600 } });
      expect(response.status).toBe(200);
      rotatedSecret = response.body.key;
    });
    expect(rotated).toMatchObject({ action: "key.rotated", target: { id, label: "Audited" }, changes: { gracePeriodSeconds: 3600 } });
    const changes = rotated.changes as { display: { from: string; to: string }; previousValidUntil: string };
    expect(changes.display.to).not.toBe(changes.display.from);
    expect(Date.parse(changes.previousValidUntil) - Date.now()).toBeGreaterThan(3500_000);
    expect(await only(() => stack.admin(`/api/keys/${id}/end-grace`, { method: "POST" }))).toMatchObject({ action: "key.grace_ended", changes: { previousSecret: changes.display.from } });
    // Nothing left to end: nothing recorded.
    expect(await entriesOf(() => stack.admin(`/api/keys/${id}/end-grace`, { method: "POST" }))).toEqual([]);
    const all = JSON.stringify((await audit(`target=${id}&limit=200`)).items);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(rotatedSecret);
    secret = rotatedSecret;
  });

  test("refused changes write nothing", async () => {
    const refused = await entriesOf(async () => {
      expect((await stack.admin(`/api/keys/${id}`, { method: "PATCH", body: { rpmLimit: -1 } })).status).toBe(400);
      expect((await stack.admin(`/api/keys/nope`, { method: "PATCH", body: { name: "x" } })).status).toBe(404);
      expect((await stack.admin(`/api/keys`, { method: "POST", body: { name: "" } })).status).toBe(400);
      expect((await stack.admin(`/api/keys/nope`, { method: "DELETE" })).status).toBe(404);
      expect((await stack.admin(`/api/keys/nope/reveal`)).status).toBe(404);
      expect((await stack.admin(`/api/keys`, { method: "POST", body: { name: "x" }, token: "wrong" })).status).toBe(401);
      expect((await stack.admin(`/api/settings`, { method: "PATCH", body: { logRetentionDays: 0 } })).status).toBe(400);
    });
    expect(refused).toEqual([]);
  });

  test("deleted, and no entry ever holds the secret or its hash", async () => {
    expect(await only(() => stack.admin(`/api/keys/${id}`, { method: "DELETE" }))).toMatchObject({ action: "key.deleted", target: { id, label: "Audited" } });
    const all = JSON.stringify((await audit("limit=200")).items);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(createHash("sha256").update(secret).digest("hex"));
    expect(all).not.toMatch(/"previousHash"|"hash"|"ciphertext"/);
    expect(all).not.toContain(secret.slice(-12));
  });
});

describe("providers, prices and settings", () => {
  test("a provider's upstream key is only ever '(changed)'", async () => {
    const upstreamKey = "sk-upstream-audit-secret-123456";
    let providerId = "";
    const created = await only(async () => {
      const response = await stack.admin<{ id: string }>("/api/providers", { method: "POST", body: { name: "Audited upstream", baseUrl: `${stack.upstream.url}/v1`, apiKey: upstreamKey, allModels: true } });
      expect(response.status).toBe(201);
      providerId = response.body.id;
    });
    expect(created).toMatchObject({ action: "provider.created", target: { type: "provider", id: providerId, label: "Audited upstream" }, changes: { apiKey: { from: null, to: "(changed)" } } });
    const updated = await only(() => stack.admin(`/api/providers/${providerId}`, { method: "PATCH", body: { apiKey: `${upstreamKey}-2`, priority: 7 } }));
    expect(updated.changes).toEqual({ apiKey: { from: "(changed)", to: "(changed)" }, priority: { from: 100, to: 7 } });
    expect((await only(() => stack.admin(`/api/providers/${providerId}`, { method: "PATCH", body: { apiKey: null } }))).changes).toEqual({ apiKey: { from: "(changed)", to: null } });
    // A duplicate name is refused, and writes nothing.
    expect(await entriesOf(async () => expect((await stack.admin("/api/providers", { method: "POST", body: { name: "Audited upstream", baseUrl: "http://127.0.0.1:9/v1", allModels: true } })).status).toBe(409))).toEqual([]);
    expect(await only(() => stack.admin(`/api/providers/${providerId}`, { method: "DELETE" }))).toMatchObject({ action: "provider.deleted", target: { label: "Audited upstream" } });
    const all = JSON.stringify((await audit("action=provider&limit=200")).items);
    expect(all).not.toContain(upstreamKey);
    expect(all).not.toContain(upstreamKey.slice(-6));
  });

  test("a price's fields before and after", async () => {
    let priceId = "";
    await only(async () => {
      const response = await stack.admin<{ id: string }>("/api/prices", { method: "POST", body: { pattern: "audit-model", inputUsdPerMTok: 1, outputUsdPerMTok: 2 } });
      expect(response.status).toBe(201);
      priceId = response.body.id;
    });
    expect(await only(() => stack.admin(`/api/prices/${priceId}`, { method: "PATCH", body: { outputUsdPerMTok: 3 } }))).toMatchObject({
      action: "price.updated",
      target: { label: "audit-model" },
      changes: { outputUsdPerMTok: { from: 2, to: 3 } },
    });
    expect(await only(() => stack.admin(`/api/prices/${priceId}`, { method: "DELETE" }))).toMatchObject({ action: "price.deleted" });
  });

  test("settings: each changed setting", async () => {
    const entry = await only(() => stack.admin("/api/settings", { method: "PATCH", body: { logRetentionDays: 31, rollupRetentionDays: 400 } }));
    expect(entry).toMatchObject({ action: "settings.updated", target: { type: "settings" }, changes: { logRetentionDays: { from: 30, to: 31 } } });
    expect(Object.keys(entry.changes ?? {})).toEqual(["logRetentionDays"]);
    await stack.admin("/api/settings", { method: "PATCH", body: { logRetentionDays: 30 } });
  });
});

describe("sign-in and the signed-in admin", () => {
  test("a failed sign-in names the email tried (never the password), a good one the user, each with its address", async () => {
    const failed = await only(async () => expect((await signIn(stack.server.url, { email: OWNER.email, password: "wrong password!", from: "127.0.0.7" })).error).toBe("CredentialsSignin"));
    expect(failed).toMatchObject({ action: "auth.sign_in_failed", actor: { type: "anonymous", label: OWNER.email }, ip: "127.0.0.7" });
    expect(JSON.stringify(failed)).not.toContain("wrong password!");

    let session = "";
    const signedIn = await only(async () => {
      const result = await signIn(stack.server.url, { ...OWNER, from: "127.0.0.8" });
      session = result.session ?? "";
    });
    expect(session).not.toBe("");
    expect(signedIn).toMatchObject({ action: "auth.sign_in", actor: { type: "user", label: OWNER.email }, ip: "127.0.0.8" });

    // A change through the dashboard's session is that user's, from that address.
    const change = await only(async () => {
      const response = await rawRequest(stack.server.url, "/api/settings", {
        method: "PATCH",
        headers: { cookie: session, "content-type": "application/json", origin: stack.server.url, "user-agent": "audit-test-browser" },
        body: JSON.stringify({ rollupRetentionDays: 401 }),
        from: "127.0.0.9",
      });
      expect(response.status).toBe(200);
    });
    expect(change).toMatchObject({ action: "settings.updated", actor: { type: "user", id: signedIn.actor.id, label: OWNER.email }, ip: "127.0.0.9", userAgent: "audit-test-browser" });
    await stack.admin("/api/settings", { method: "PATCH", body: { rollupRetentionDays: 400 } });
  });

  test("repeated failures: the one that locks is recorded as a lock-out, refusals while locked write nothing more", async () => {
    const email = "nobody@example.com";
    const entries = await entriesOf(async () => {
      for (let i = 0; i < 7; i++) await signIn(stack.server.url, { email, password: `guess ${i}`, from: "127.0.0.20" });
    });
    const actions = entries.map((e) => e.action);
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(4);
    expect(actions.filter((a) => a === "auth.locked_out")).toHaveLength(1);
    expect(actions).toHaveLength(5);
    expect(entries.every((e) => e.actor.label === email && e.ip === "127.0.0.20")).toBe(true);
  });
});

describe("reading the log", () => {
  test("filters by actor, action (or its category), target and time; pages newest first without repeats", async () => {
    const keys = (await audit("action=key&limit=200")).items;
    expect(keys.length).toBeGreaterThanOrEqual(7);
    expect(keys.every((e) => e.action.startsWith("key."))).toBe(true);
    expect((await audit("action=key.deleted")).items.map((e) => e.target.label)).toEqual(["Audited"]);
    const target = keys[0]?.target.id ?? "";
    expect((await audit(`target=${target}&limit=200`)).items.every((e) => e.target.id === target)).toBe(true);
    expect((await audit("target=audited%20UPSTREAM&limit=200")).items.length).toBe(4);
    expect((await audit("actor=owner@EXAMPLE&limit=200")).items.every((e) => e.actor.label === OWNER.email)).toBe(true);
    expect((await audit("actor=admin_token&limit=200")).items.length).toBeGreaterThan(5);
    expect((await audit(`from=2099-01-01T00:00:00Z`)).items).toEqual([]);

    const all = (await audit("limit=200")).items;
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await audit(`limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const times = paged.map((e) => Date.parse(e.createdAt));
    expect(times.every((t, i) => i === 0 || (times[i - 1] ?? 0) >= t)).toBe(true);
  });

  test("bad filters are field errors", async () => {
    for (const [query, field] of [["action=key.exploded", "action"], ["cursor=12", "cursor"], ["from=yesterday", "from"], ["limit=0", "limit"], ["actor=%00", "actor"]] as const) {
      const response = await stack.admin<ErrorBody>(`/api/audit?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.fields?.[field], query).toBeTruthy();
    }
  });

  test("CSV export of the filtered entries", async () => {
    const response = await fetch(`${stack.server.url}/api/audit/export?action=key`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="keygate-audit-/);
    const [header, ...rows] = (await response.text()).trim().split("\r\n");
    expect(header).toBe("id,createdAt,actorType,actor,action,targetType,targetId,target,changes,ip,userAgent");
    expect(rows).toHaveLength((await audit("action=key&limit=200")).items.length);
    expect(rows.every((r) => /,key\.[a-z_]+,key,/.test(r))).toBe(true);
  });

  test("no API edits or deletes an entry, and the database refuses an edit", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect((await stack.admin("/api/audit", { method, body: {} })).status, method).toBe(405);
    expect((await stack.admin("/api/audit", { token: null })).status).toBe(401);
    const edit = await stack.inspectDb((query) => query(`UPDATE "AuditEntry" SET "actorLabel" = 'someone else'`).then(() => "updated", (error: Error) => error.message));
    expect(edit).toMatch(/audit entries cannot be edited/);
  });
});

describe("one transaction", () => {
  test("when its entry cannot be written, the change does not happen", async () => {
    await stack.inspectDb((query) => query(`ALTER TABLE "AuditEntry" ADD CONSTRAINT "refuse_all" CHECK (false) NOT VALID`));
    try {
      expect((await stack.admin("/api/keys", { method: "POST", body: { name: "Never created" } })).status).toBe(500);
      expect((await stack.admin<{ items: unknown[] }>("/api/keys?search=Never%20created")).body.items).toEqual([]);
      const settings = await stack.admin<{ logRetentionDays: number }>("/api/settings");
      expect((await stack.admin("/api/settings", { method: "PATCH", body: { logRetentionDays: 77 } })).status).toBe(500);
      expect((await stack.admin<{ logRetentionDays: number }>("/api/settings")).body.logRetentionDays).toBe(settings.body.logRetentionDays);
    } finally {
      await stack.inspectDb((query) => query(`ALTER TABLE "AuditEntry" DROP CONSTRAINT "refuse_all"`));
    }
  });
});

describe("retention", () => {
  test("entries older than the audit retention go when the job runs (and the run is itself recorded)", async () => {
    await stack.inspectDb((query) =>
      query(`INSERT INTO "AuditEntry" ("createdAt", "actorType", "actorLabel", "action", "targetType") VALUES (now() - interval '3 days', 'system', 'system', 'key.created', 'key')`),
    );
    expect((await stack.admin("/api/settings", { method: "PATCH", body: { auditRetentionDays: 2 } })).status).toBe(200);
    const entry = await only(async () => {
      const run = await stack.admin<{ deletedAuditEntries: number }>("/api/usage/retention", { method: "POST" });
      expect(run.body.deletedAuditEntries).toBe(1);
    });
    expect(entry).toMatchObject({ action: "usage.retention_ran", changes: { deletedAuditEntries: 1 } });
    expect((await audit(`to=${new Date(Date.now() - 86_400_000).toISOString()}`)).items).toEqual([]);
    await stack.admin("/api/settings", { method: "PATCH", body: { auditRetentionDays: 400 } });
  });
});
