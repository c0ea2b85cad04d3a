export { adminAuditContext, currentAuditContext, requestOrigin, withAuditContext, type AuditContext } from "@/lib/audit/context";
export { createdFields, diffFields, SECRET_CHANGED, type Changes } from "@/lib/audit/changes";
export { auditCsv, deleteAuditEntriesBefore, listAuditEntries } from "@/lib/audit/list";
export { writeAudit, type AuditTarget } from "@/lib/audit/record";
export { AUDIT_ACTIONS, AUDIT_CATEGORIES, auditEntrySchema, auditPageSchema, auditQuerySchema, type AuditAction, type AuditEntry, type AuditPage, type AuditQuery } from "@/lib/audit/schemas";
