import type { ReactNode } from "react";
import { BrandMark } from "@/components/shell/brand";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-950">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <BrandMark className="size-11" />
          <p className="mt-3 text-sm font-medium text-zinc-500 dark:text-zinc-400">Keygate</p>
        </div>
        {children}
      </div>
      <p className="mt-10 text-xs text-zinc-400 dark:text-zinc-500">OpenAI-compatible proxy with API-key management</p>
    </main>
  );
}
