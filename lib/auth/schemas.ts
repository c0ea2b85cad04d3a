import { z } from "zod";

/** Shared by the login and setup forms and by the server: emails are compared lower-cased. */
export const emailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .min(1, "Email is required")
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"));

export const PASSWORD_MIN_LENGTH = 12;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Password is required" }).min(1, "Password is required").max(200, "Password is too long"),
});
export type LoginInput = z.input<typeof loginSchema>;

export const setupSchema = z
  .object({
    email: emailSchema,
    password: z
      .string({ error: "Password is required" })
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(200, "Password is too long"),
    confirmPassword: z.string({ error: "Repeat the password" }).min(1, "Repeat the password"),
  })
  .strict()
  .refine((v) => v.password === v.confirmPassword, { message: "Passwords do not match", path: ["confirmPassword"] });
export type SetupInput = z.input<typeof setupSchema>;
