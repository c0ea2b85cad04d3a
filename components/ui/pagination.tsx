import { ChevronLeftIcon, ChevronRightIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/components/format";

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  noun: [singular: string, plural: string];
  onPageChange: (page: number) => void;
}

export function Pagination({ page, pageSize, total, noun, onPageChange }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400">
      <p>
        {total === 0 ? (
          `No ${noun[1]}`
        ) : (
          <>
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {formatNumber(first)}–{formatNumber(last)}
            </span>{" "}
            of <span className="font-medium text-zinc-900 dark:text-zinc-100">{formatNumber(total)}</span> {total === 1 ? noun[0] : noun[1]}
          </>
        )}
      </p>
      {pages > 1 && (
        <div className="flex items-center gap-2">
          <span className="hidden sm:inline">
            Page {formatNumber(page)} of {formatNumber(pages)}
          </span>
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPageChange(page - 1)} icon={<ChevronLeftIcon />}>
            Previous
          </Button>
          <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPageChange(page + 1)}>
            Next
            <ChevronRightIcon />
          </Button>
        </div>
      )}
    </nav>
  );
}
