import { DownloadIcon } from "@/components/icons";
import { buttonClasses } from "@/components/ui/button";

interface ExportLinksProps {
  /** Query string of the aggregates export (range, key, model); omitted: no totals link. */
  totalsQuery?: string;
  /** Query string of the request log export (the log's filters). */
  logQuery: string;
}

/** Plain links: the browser streams the CSV straight to disk, however long the log. */
export function ExportLinks({ totalsQuery, logQuery }: ExportLinksProps) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {totalsQuery !== undefined && (
        <a href={`/api/usage/export?${totalsQuery}`} download className={buttonClasses("secondary", "md")} title="Requests, errors, tokens and latency per period, key and model">
          <DownloadIcon />
          Export totals
        </a>
      )}
      <a href={`/api/usage/logs/export?${logQuery}`} download className={buttonClasses("secondary", "md")} title="Every request matching the filters, newest first">
        <DownloadIcon />
        Export log
      </a>
    </div>
  );
}
