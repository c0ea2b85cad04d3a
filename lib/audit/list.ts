import "server-only";
import type { z } from "zod";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { csvLine, csvStream } from "@/lib/http/csv";
import { AUDIT_CATEGORIES, auditQuerySchema, type AuditEntry, type AuditPage, type AuditQuery } from "@/lib/audit/schemas";

type Row = Prisma.AuditEntryGetPayload<object>;

/** `contains` goes to ILIKE as is: escape its wildcards so "a_b" does not match "aXb". */
const like = (value: string) => value.replace(/[\\%_]/g, "\\$&");

function whereOf(q: z.output<typeof auditQuerySchema>): Prisma.AuditEntryWhereInput {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (q.actor) and.push({ actorLabel: { contains: like(q.actor), mode: "insensitive" } });
  if (q.action) and.push(AUDIT_CATEGORIES.includes(q.action) ? { action: { startsWith: `${q.action}.` } } : { action: q.action });
  if (q.target) and.push({ OR: [{ targetId: q.target }, { targetLabel: { contains: like(q.target), mode: "insensitive" } }] });
  if (q.from) and.push({ createdAt: { gte: q.from } });
  if (q.to) and.push({ createdAt: { lt: q.to } });
  if (q.cursor) {
    const [ms = "0", id = "0"] = q.cursor.split(".");
    const time = new Date(Number(ms));
    and.push({ OR: [{ createdAt: { lt: time } }, { createdAt: time, id: { lt: BigInt(id) } }] });
  }
  return { AND: and };
}

function toEntry(row: Row): AuditEntry {
  return {
    id: String(row.id),
    createdAt: row.createdAt.toISOString(),
    actor: { type: row.actorType as AuditEntry["actor"]["type"], id: row.actorId, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    changes: (row.changes as Record<string, unknown> | null) ?? null,
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

const ORDER = [{ createdAt: "desc" }, { id: "desc" }] as const satisfies Prisma.AuditEntryOrderByWithRelationInput[];

/** Newest first, keyset-paged by (time, id), with the filters of the audit page. */
export async function listAuditEntries(query: AuditQuery = {}): Promise<AuditPage> {
  const q = auditQuerySchema.parse(query);
  const db = await getDb();
  const rows = await db.auditEntry.findMany({ where: whereOf(q), orderBy: [...ORDER], take: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(toEntry), nextCursor: rows.length > q.limit && last ? `${last.createdAt.getTime()}.${last.id}` : null };
}

const CSV_HEADER = ["id", "createdAt", "actorType", "actor", "action", "targetType", "targetId", "target", "changes", "ip", "userAgent"];

async function* csvPages(query: AuditQuery): AsyncGenerator<string> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listAuditEntries({ ...query, cursor, limit: 200 });
    yield page.items
      .map((e) => csvLine([e.id, e.createdAt, e.actor.type, e.actor.label, e.action, e.target.type, e.target.id, e.target.label, e.changes ? JSON.stringify(e.changes) : "", e.ip, e.userAgent]))
      .join("");
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Every matching entry as CSV, newest first, streamed a page at a time. */
export function auditCsv(query: AuditQuery): ReadableStream<Uint8Array> {
  auditQuerySchema.parse(query);
  return csvStream(CSV_HEADER, csvPages({ ...query, cursor: undefined }));
}

/** Retention: drops entries older than `days` (the only way an entry ever goes). */
export async function deleteAuditEntriesBefore(cutoff: Date): Promise<number> {
  const db = await getDb();
  const result = await db.auditEntry.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return result.count;
}
