export { getUsageOverview } from "@/lib/usage/overview";
export { listRequestLogs, getRequestLogOrThrow } from "@/lib/usage/logs";
export { requestLogsCsv, rollupsCsv } from "@/lib/usage/csv";
export { getKeyUsage } from "@/lib/usage/key-usage";
export { refreshStatistics, runRetention, runRetentionNow, startMaintenanceJob, stopMaintenanceJob } from "@/lib/usage/maintenance";
export { recordUsage, flushUsage, drainUsage } from "@/lib/usage/recorder";
export * from "@/lib/usage/schemas";
