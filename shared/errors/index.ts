export * from './appError';
export * from './ingressError';
