import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

function ChartSkeleton({ bars = 24 }: { bars?: number }) {
  return (
    <div aria-hidden="true" className="flex h-48 items-end gap-1.5 px-1">
      {Array.from({ length: bars }, (_, i) => (
        <Skeleton key={i} className="flex-1 rounded-sm" style={{ height: `${20 + ((i * 37) % 70)}%` }} />
      ))}
    </div>
  );
}

/** The overview's shape while its first answer is on the way. */
export function ChartsSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading usage">
      <Card className="p-5">
        <Skeleton className="h-5 w-44" />
        <Skeleton className="mt-2 h-4 w-64" />
        <div className="mt-6 grid gap-8 lg:grid-cols-2">
          <ChartSkeleton />
          <ChartSkeleton />
        </div>
      </Card>
      <Card className="p-5">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="mt-2 h-4 w-72" />
        <div className="mt-6">
          <ChartSkeleton bars={48} />
        </div>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        {[0, 1].map((i) => (
          <Card key={i} className="p-5">
            <Skeleton className="h-5 w-32" />
            <div className="mt-6">
              <ChartSkeleton bars={18} />
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}
