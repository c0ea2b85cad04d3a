import { CopyButton } from "@/components/copy-button";
import { cn } from "@/components/ui/cn";

/**
 * Code on a dark panel with a title bar, so the copy button never covers a long line. `wrap` breaks
 * long lines (a key in an `export` line) instead of scrolling them out of a narrow dialog.
 */
export function CodeBlock({ code, label, title, wrap = false }: { code: string; label: string; title?: string; wrap?: boolean }) {
  return (
    <div className="overflow-hidden rounded-lg bg-zinc-950 ring-1 ring-zinc-950/10 dark:bg-black/40 dark:ring-white/10">
      <div className="flex items-center justify-between border-b border-white/10 py-1 pr-1 pl-4">
        <span className="text-xs font-medium text-zinc-400">{title ?? label}</span>
        <div className="[&_button]:text-zinc-400 [&_button:hover]:bg-white/10 [&_button:hover]:text-white">
          <CopyButton value={code} label={`Copy ${label}`} successMessage="Copied to clipboard" />
        </div>
      </div>
      <pre className={cn("p-4 font-mono text-[13px] leading-relaxed text-zinc-100", wrap ? "break-all whitespace-pre-wrap" : "overflow-x-auto")}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
