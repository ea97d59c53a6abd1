// The settings catalog is imported by path (`shared/config/catalog`), not from here: the modules
// it lists import this barrel, and listing it here would make a cycle.
export * from './defineSettings';
export * from './coreSettings';
