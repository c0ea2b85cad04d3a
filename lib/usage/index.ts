export { getUsageOverview } from "@/lib/usage/overview";
export { listRequestLogs, getRequestLogOrThrow } from "@/lib/usage/logs";
export { requestLogsCsv, rollupsCsv } from "@/lib/usage/csv";
export { getKeyUsage, type KeyUsage } from "@/lib/usage/key-usage";
export { runRetention, startRetentionJob, stopRetentionJob } from "@/lib/usage/retention";
export { recordUsage, flushUsage, drainUsage } from "@/lib/usage/recorder";
export * from "@/lib/usage/schemas";
