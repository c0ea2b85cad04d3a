"use client";

import { useEffect, useState } from "react";
import { ApiClientError } from "@/components/api/client";
import { copyText } from "@/components/clipboard";
import { CheckIcon, CopyIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

interface CopyButtonProps {
  /** The text, or a function that fetches it on click (a secret that is not in the page yet). */
  value: string | (() => Promise<string>);
  label: string;
  successMessage?: string;
  showText?: boolean;
  variant?: "ghost" | "secondary";
}

export function CopyButton({ value, label, successMessage = "Copied to clipboard", showText = false, variant = "ghost" }: CopyButtonProps) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function onClick() {
    setBusy(true);
    try {
      const ok = await copyText(typeof value === "string" ? value : value());
      if (ok) {
        setCopied(true);
        toast.success(successMessage);
      } else {
        toast.error("Could not copy", "This browser blocked the clipboard: select the text and copy it by hand.");
      }
    } catch (error) {
      // API failures are already reported by the query client's error toast.
      if (!(error instanceof ApiClientError)) toast.error("Could not copy", error instanceof Error ? error.message : undefined);
    } finally {
      setBusy(false);
    }
  }

  const icon = copied ? <CheckIcon className="size-4 text-emerald-500" /> : <CopyIcon />;
  return (
    <Button variant={variant} size={showText ? "sm" : "icon"} aria-label={label} title={label} onClick={onClick} loading={busy} icon={busy ? undefined : icon}>
      {showText && (copied ? "Copied" : "Copy")}
    </Button>
  );
}
