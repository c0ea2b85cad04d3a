"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { CloseIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import { useToastHost } from "@/components/ui/toast";

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
  /** Busy dialogs (a request in flight) ignore Escape and backdrop clicks. */
  dismissible?: boolean;
}

const WIDTHS = { sm: "sm:max-w-md", md: "sm:max-w-lg", lg: "sm:max-w-2xl" } as const;

/**
 * A modal on the native <dialog> element: focus moves in and is trapped, Escape closes it, and it
 * renders in the top layer, so no portal or focus library is needed.
 */
export function Dialog({ open, onOpenChange, title, description, children, footer, size = "md", dismissible = true }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useToastHost(ref, open);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissible) onOpenChange(false);
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget && dismissible) onOpenChange(false);
      }}
      className={cn(
        "m-auto w-[calc(100%-2rem)] max-w-none overflow-visible bg-transparent p-0 text-zinc-900 dark:text-zinc-100",
        "backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[2px]",
        WIDTHS[size],
      )}
    >
      {open && (
        <div className="animate-dialog-in flex max-h-[calc(100dvh-2rem)] flex-col rounded-xl bg-white shadow-xl ring-1 ring-zinc-950/10 dark:bg-zinc-900 dark:ring-white/10">
          <div className="flex items-start justify-between gap-4 border-b border-zinc-950/5 px-5 pt-5 pb-4 dark:border-white/10">
            <div className="min-w-0">
              <h2 id={titleId} className="text-lg font-semibold">
                {title}
              </h2>
              {description && (
                <p id={descriptionId} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  {description}
                </p>
              )}
            </div>
            <button
              type="button"
              aria-label="Close"
              disabled={!dismissible}
              onClick={() => onOpenChange(false)}
              className="-mr-1 -mt-1 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-40 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <CloseIcon />
            </button>
          </div>
          <div className="min-h-0 overflow-y-auto px-5 py-4">{children}</div>
          {footer && (
            <div className="flex flex-col-reverse gap-2 rounded-b-xl border-t border-zinc-950/5 bg-zinc-50 px-5 py-3 sm:flex-row sm:justify-end dark:border-white/10 dark:bg-zinc-900/60">
              {footer}
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
