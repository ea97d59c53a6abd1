export * from './reportSchema';
export * from './evidenceFromToolCall';
export * from './assembleReport';
export * from './synthesizeDeterministicReport';
export * from './stopQualityGate';
export * from './reportConfidence';
export * from './renderReportMarkdown';
