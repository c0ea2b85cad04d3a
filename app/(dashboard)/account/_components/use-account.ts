"use client";

import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/api/client";
import type { ChangeEmailInput, ChangePasswordInput } from "@/lib/auth/schemas";

const answerSchema = z.object({ email: z.string() });

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => apiFetch("/api/account/password", { method: "POST", body: input, schema: answerSchema }),
    meta: { errorTitle: "Could not change the password", fieldErrorsInForm: true },
  });
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: (input: ChangeEmailInput) => apiFetch("/api/account/email", { method: "POST", body: input, schema: answerSchema }),
    meta: { errorTitle: "Could not change the email", fieldErrorsInForm: true },
  });
}
