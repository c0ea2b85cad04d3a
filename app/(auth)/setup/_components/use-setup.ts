"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { z } from "zod";
import { apiFetch } from "@/components/api/client";
import type { SetupInput } from "@/lib/auth/schemas";

/** Creates the first admin, then signs in with the same credentials. */
export function useSetup() {
  return useMutation({
    mutationFn: async (input: SetupInput) => {
      await apiFetch("/api/setup", { method: "POST", body: input, schema: z.object({ email: z.string() }) });
      const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
      if (!result?.ok) throw new Error("The account was created, but signing in failed. Sign in on the next page.");
    },
    meta: { silent: true },
  });
}
