export * from './defineSettings';
export * from './coreSettings';
export * from './catalog';
