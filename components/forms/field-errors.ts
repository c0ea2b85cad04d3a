import type { z } from "zod";
import { ApiClientError } from "@/components/api/client";

export type FieldErrors = Partial<Record<string, string>>;

/** Runs the API's own schema in the browser: the parsed value, or one message per field. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_";
    errors[key] ??= issue.message;
    // "models.2" is also shown on the "models" field.
    if (issue.path.length > 1) errors[String(issue.path[0])] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Field errors the server sent back (`error.fields`), for the same form fields. */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiClientError)) return {};
  const errors: FieldErrors = { ...error.fields };
  for (const [key, message] of Object.entries(error.fields)) errors[key.split(".")[0] ?? key] ??= message;
  return errors;
}
