export * from './storageClients';
