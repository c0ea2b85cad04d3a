import { RotateIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

/** What the Rotate hint says: how to act on it for an admin, whom to ask for a viewer. */
export function rotateHintTitle(days: number, canRotate: boolean): string {
  return canRotate
    ? `The secret is older than ${days} days: rotate it (the old one can keep working for a grace period).`
    : `The secret is older than ${days} days: an admin can rotate it.`;
}

/** The "Rotate" hint itself; admins get it inside a link or button to the rotation dialog. */
export function RotateBadge({ className, title }: { className?: string; title?: string }) {
  return (
    <Badge tone="warning" className={className} title={title}>
      <RotateIcon className="size-3" />
      Rotate
    </Badge>
  );
}

/** A key's status where a viewer sees no switch. */
export function EnabledDot({ enabled }: { enabled: boolean }) {
  return <span aria-hidden className={cn("size-2 rounded-full", enabled ? "bg-emerald-500" : "bg-zinc-400 dark:bg-zinc-500")} />;
}
