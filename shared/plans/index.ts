export * from './rootCauseCategory';
export * from './planSchema';
export * from './templating';
export * from './parsePlanFile';
export * from './planSource';
export * from './loadPlans';
export * from './matchPlan';
