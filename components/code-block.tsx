import { CopyButton } from "@/components/copy-button";

export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative rounded-lg bg-zinc-950 ring-1 ring-zinc-950/10 dark:bg-black/40 dark:ring-white/10">
      <pre className="overflow-x-auto p-4 pr-12 font-mono text-[13px] leading-relaxed text-zinc-100">
        <code>{code}</code>
      </pre>
      <div className="absolute top-2 right-2 text-zinc-400 [&_button]:text-zinc-400 [&_button:hover]:bg-white/10 [&_button:hover]:text-white">
        <CopyButton value={code} label={`Copy ${label}`} successMessage="Snippet copied" />
      </div>
    </div>
  );
}
