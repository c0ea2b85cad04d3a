import { z } from "zod";
import { text } from "@/lib/validation/text";

// A key's tags: plain labels (`batch`) or `name:value` pairs (`team:search`, `env:prod`), lower-case
// so that `Team:Search` and `team:search` are one tag for the filters (and, later, usage grouped by tag).

const TAG = /^[a-z0-9][a-z0-9_.-]{0,39}(?::[a-z0-9][a-z0-9_.@/+-]{0,99})?$/;
export const MAX_TAGS = 20;

const tag = text({ error: "Each tag must be a string", label: "A tag" })
  .trim()
  .toLowerCase()
  .refine((v) => TAG.test(v), {
    error: (issue) =>
      `"${String(issue.input)}" is not a tag: use a label (letters, digits, . _ -, up to 40) or name:value, e.g. team:search or env:prod`,
  });

/** A list of tags, deduplicated, in the order given. */
export const tagsSchema = z
  .array(tag, { error: "Tags must be a list, e.g. [\"team:search\", \"env:prod\"]" })
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags`)
  .transform((list) => [...new Set(list)]);

/** One tag to filter by. */
export const tagFilterSchema = tag;

export const ownerSchema = text({ label: "Owner" })
  .trim()
  .max(200, "Owner must be at most 200 characters")
  .nullish()
  .transform((v) => (v ? v : null));
