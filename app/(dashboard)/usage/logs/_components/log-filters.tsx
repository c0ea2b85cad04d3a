"use client";

import { FilterSelect } from "@/components/usage/filter-select";
import type { LogParams } from "@/components/usage/params";
import { LOG_ENDPOINTS } from "@/lib/usage/schemas";

const STATUS_OPTIONS = [
  { id: "2xx", label: "Succeeded (2xx)" },
  { id: "error", label: "Failed (any error)" },
  { id: "4xx", label: "Client errors (4xx)" },
  { id: "5xx", label: "Server errors (5xx)" },
];
const ENDPOINT_OPTIONS = LOG_ENDPOINTS.map((id) => ({ id, label: `/v1/${id}` }));
const STREAM_OPTIONS = [
  { id: "true", label: "Streamed" },
  { id: "false", label: "Not streamed" },
];

/** The request log's own filters, beside the range, key and model. */
export function LogFilters({ params, onChange }: { params: LogParams; onChange: (patch: Partial<Record<"status" | "endpoint" | "stream", string>>) => void }) {
  return (
    <>
      <FilterSelect label="Status" allLabel="All statuses" value={params.status} options={STATUS_OPTIONS} onChange={(status) => onChange({ status })} fill />
      <FilterSelect label="Endpoint" allLabel="All endpoints" value={params.endpoint} options={ENDPOINT_OPTIONS} onChange={(endpoint) => onChange({ endpoint })} fill />
      <FilterSelect label="Streaming" allLabel="Stream: any" value={params.stream} options={STREAM_OPTIONS} onChange={(stream) => onChange({ stream })} fill />
    </>
  );
}
