import { settingsCatalog } from '../config/catalog';
import { blobServiceClient, resolveStorageConnection, tableClient } from '../storage';
import { createActionLedger, type ActionLedger } from './actions/actionLedger';
import { createApprovalStore, type ApprovalStore } from './approvals/approvalStore';
import { createAuditLog, type AuditLog } from './audit/auditLog';
import { governanceSettings } from './governanceSettings';
import { createAppRedactor } from './redaction/appRedactor';
import type { Redactor } from './redaction/redactor';

/** The governance objects an activity or HTTP handler needs, built once per process from settings. */
interface GovernanceServices {
  redactor: Redactor;
  auditLog: AuditLog;
  approvals: ApprovalStore;
  /** Runs remediation actions at most once (GOVERNANCE_ACTIONS_TABLE). */
  actions: ActionLedger;
  /** Approval wait in milliseconds (GOVERNANCE_APPROVAL_TIMEOUT). */
  approvalTimeoutMs: number;
}

let cached: GovernanceServices | undefined;

/**
 * Builds (once) the redactor over every secret setting of the catalog, the audit log on
 * `GOVERNANCE_AUDIT_CONTAINER` and the approvals table, from the app settings.
 * @throws ConfigError when a governance or storage setting is invalid.
 */
function governanceServices(env: NodeJS.ProcessEnv = process.env): GovernanceServices {
  if (cached && env === process.env) return cached;
  const settings = governanceSettings.load(env);
  const groups = settingsCatalog.some((group) => group.group === governanceSettings.group) ? settingsCatalog : [...settingsCatalog, governanceSettings];
  const redactor = createAppRedactor(groups, { literals: settings.GOVERNANCE_REDACT_LITERALS, patterns: settings.GOVERNANCE_REDACT_PATTERNS }, env);
  const connection = resolveStorageConnection(env);
  const services: GovernanceServices = {
    redactor,
    auditLog: createAuditLog(blobServiceClient(connection).getContainerClient(settings.GOVERNANCE_AUDIT_CONTAINER), redactor),
    approvals: createApprovalStore(tableClient(connection, settings.GOVERNANCE_APPROVALS_TABLE)),
    actions: createActionLedger(tableClient(connection, settings.GOVERNANCE_ACTIONS_TABLE)),
    approvalTimeoutMs: settings.GOVERNANCE_APPROVAL_TIMEOUT,
  };
  if (env === process.env) cached = services;
  return services;
}

export { governanceServices };
export type { GovernanceServices };
