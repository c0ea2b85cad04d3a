import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Usage by tag reads each row's key's tags as they are now: retagging a key moves its history with
 * it, and a deleted key (or a call made with authentication off) has no tag.
 */

/** ` AND <key column> is a key carrying the tag`, or nothing without a tag. */
export function keyTagFilterSql(keyColumn: Prisma.Sql, tag: string | undefined): Prisma.Sql {
  if (tag === undefined) return Prisma.empty;
  return Prisma.sql` AND ${keyColumn} IN (SELECT t."id" FROM "ApiKey" t WHERE ${tag} = ANY(t."tags"))`;
}

/** A key's tags, or one empty tag ("no tag") for a key without any, a deleted key or no key: `k` is the joined ApiKey. */
export const TAGS_OR_NONE = Prisma.sql`(CASE WHEN cardinality(k."tags") > 0 THEN k."tags" ELSE ARRAY['']::text[] END)`;

/** The group id of usage without a tag. */
export const NO_TAG = "";
