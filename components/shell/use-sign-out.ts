"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";

/** Ends the session: drops every cached query first, then lets next-auth clear the cookie. */
export function useSignOut() {
  const client = useQueryClient();
  const [pending, setPending] = useState(false);
  async function run() {
    setPending(true);
    client.clear();
    await signOut({ callbackUrl: "/login" });
  }
  return { signOut: run, pending };
}
