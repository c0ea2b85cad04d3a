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

/** A password being chosen, twice (setup, an invite), with `passwordsMatch` on the form's object. */
export const choosePasswordFields = {
  password: z
    .string({ error: "Password is required" })
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(200, "Password is too long"),
  confirmPassword: z.string({ error: "Repeat the password" }).min(1, "Repeat the password"),
};
export const passwordsMatch: [(v: { password: string; confirmPassword: string }) => boolean, { message: string; path: string[] }] = [
  (v) => v.password === v.confirmPassword,
  { message: "Passwords do not match", path: ["confirmPassword"] },
];

export const setupSchema = z
  .object({ email: emailSchema, ...choosePasswordFields })
  .strict()
  .refine(...passwordsMatch);
export type SetupInput = z.input<typeof setupSchema>;

const newPassword = z
  .string({ error: "Enter a new password" })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, "Password is too long");
const currentPassword = z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200, "Password is too long");

/** Settings → Account: the current password proves it is the admin, not a borrowed session. */
export const changePasswordSchema = z
  .object({ currentPassword, newPassword, confirmPassword: z.string({ error: "Repeat the new password" }).min(1, "Repeat the new password") })
  .strict()
  .refine((v) => v.newPassword === v.confirmPassword, { message: "Passwords do not match", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "Choose a password different from the current one", path: ["newPassword"] });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const changeEmailSchema = z.object({ email: emailSchema, currentPassword }).strict();
export type ChangeEmailInput = z.input<typeof changeEmailSchema>;
