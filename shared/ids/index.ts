export * from './recordId';
