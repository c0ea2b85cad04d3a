import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RequestLogEntry } from "@/lib/usage/schemas";

function tone(status: number, errorCode: string | null): BadgeTone {
  if (status >= 500) return "danger";
  if (status >= 400) return "warning";
  return errorCode ? "warning" : "success";
}

/** The HTTP status the client got; an error code when the answer broke off or the upstream failed. */
export function StatusBadge({ entry }: { entry: Pick<RequestLogEntry, "status" | "errorCode"> }) {
  return (
    <Badge tone={tone(entry.status, entry.errorCode)} className="font-mono tabular-nums" title={entry.errorCode ?? undefined}>
      {entry.status}
    </Badge>
  );
}
