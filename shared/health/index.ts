export * from './healthReport';
