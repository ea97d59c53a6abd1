/**
 * Names of Durable functions and external events, shared by registrations and call sites so a
 * rename cannot leave a caller behind.
 */
const OrchestratorNames = {
  investigateIncident: 'investigateIncident',
  runHypothesis: 'runHypothesis',
} as const;

/** Activities of the investigation, one file each under functions/activities/. */
const ActivityNames = {
  prepareInvestigation: 'prepareInvestigation',
  modelTurn: 'modelTurn',
  runTool: 'runTool',
  planChecks: 'planChecks',
  evaluateVerdict: 'evaluateVerdict',
  synthesizeReport: 'synthesizeReport',
  persistReport: 'persistReport',
  rememberIncident: 'rememberIncident',
  writeBack: 'writeBack',
  requestApproval: 'requestApproval',
  expireApproval: 'expireApproval',
  countSignals: 'countSignals',
  auditRefusedCalls: 'auditRefusedCalls',
  renderRemediation: 'renderRemediation',
  checkMitigation: 'checkMitigation',
  rememberResolve: 'rememberResolve',
} as const;

/**
 * External events raised on a running `investigateIncident` instance. Each is a nudge to read the
 * signal ledger, where ingestion wrote what it announces before raising it.
 */
const InvestigationEvents = {
  /** Alerts of the group joined (at most one nudge per `INGEST_SIGNAL_NUDGE_SECONDS`). Payload: {@link SignalsJoinedEvent}. */
  signal: 'incidentSignal',
  /** The source changed the incident (acknowledged, annotated, priority...). Payload: {@link IncidentUpdatedEvent}. */
  updated: 'incidentUpdated',
  /** The source resolved the incident; the payload's `resolvedAt` counts only when the ledger cannot be read. Payload: {@link IncidentResolvedEvent}. */
  resolved: 'incidentResolved',
} as const;

export { OrchestratorNames, ActivityNames, InvestigationEvents };
