export * from './functionNames';
export * from './investigationContract';
export * from './instanceClient';
