export * from './storageClients';
export * from './groupCommit';
export * from './tableBatch';
export * from './storageReadiness';
