import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { currentAuditContext, type AuditContext } from "@/lib/audit/context";
import type { AuditAction } from "@/lib/audit/schemas";

/** What an entry is about: a key, provider, price, the settings, a user. */
export interface AuditTarget {
  type: "key" | "provider" | "price" | "settings" | "user" | "usage";
  id?: string | null;
  label?: string | null;
}

type Tx = Pick<Prisma.TransactionClient, "auditEntry">;

/**
 * Writes one entry with the current actor (see withAuditContext), on the transaction that makes
 * the change: if the change rolls back, so does its entry, and the other way round.
 */
export async function writeAudit(
  tx: Tx,
  action: AuditAction,
  target: AuditTarget,
  changes: Record<string, unknown> | null = null,
  context: AuditContext = currentAuditContext(),
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorType: context.actorType,
      actorId: context.actorId,
      actorLabel: context.actorLabel,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      targetLabel: target.label ?? null,
      changes: changes === null ? undefined : (changes as Prisma.InputJsonValue),
      ip: context.ip,
      userAgent: context.userAgent,
    },
  });
}
