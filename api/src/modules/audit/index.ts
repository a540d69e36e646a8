export { type AuditRow, listAuditRows } from "./audit.repo";
export { auditRoutes } from "./audit.routes";
export { type AuditEntry, recordAudit } from "./audit.service";
