import { z } from "zod";

/**
 * Marks an object whose `type` is none of `known` as `{ type: "unknown", original_type }`, so a
 * discriminated union that lists `unknownTypeSchema` accepts it and the translation can pass over it
 * by rule. Both formats grow new block types often; one we cannot translate should not fail a
 * request, while a known block with a wrong shape still fails with a path to the bad field.
 */
export function allowUnknownType<T extends z.ZodType>(known: readonly string[], schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== "object" || value === null || !("type" in value)) return value;
    const type = value.type;
    return typeof type === "string" && !known.includes(type) ? { type: "unknown", original_type: type } : value;
  }, schema);
}

export const unknownTypeSchema = z.object({ type: z.literal("unknown"), original_type: z.string() });
