export * from './resolvedTarget';
export * from './resolveTarget';
export * from './serviceCatalogSchema';
export * from './loadServiceCatalog';
export * from './serviceCatalogRegistry';
export * from './targetSettings';
export * from './resourceGraphLookup';
export * from './telemetryForResources';
