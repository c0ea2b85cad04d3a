import { Card, CardHeader } from "@/components/ui/card";

const PRACTICES = [
  ["Use separate keys", "One key per application makes usage visible and revocation painless."],
  ["Rotate regularly", "Replace keys every 90 days; older keys are marked “Rotate”."],
  ["Monitor usage", "Watch request counts and last use for activity you do not expect."],
  ["Disable unused keys", "Keys marked “Unused” or “Idle” are risk without benefit: switch them off."],
  ["Store keys securely", "Keep keys in environment variables or a secrets manager, never in code."],
] as const;

/** The seed's best practices, next to the keys they apply to. */
export function BestPractices() {
  return (
    <Card>
      <CardHeader title="Best practices" />
      <dl className="grid gap-x-6 gap-y-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-3">
        {PRACTICES.map(([title, text]) => (
          <div key={title}>
            <dt className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{title}</dt>
            <dd className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{text}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
