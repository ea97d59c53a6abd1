export * from './functionNames';
export * from './investigationContract';
