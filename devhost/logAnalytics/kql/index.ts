export * from './kqlTable';
export * from './kqlErrors';
export * from './executeKql';
