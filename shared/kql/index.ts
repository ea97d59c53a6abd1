export * from './kqlSchema';
export * from './validateKql';
export * from './referencedTables';
export * from './nameSuggestions';
export * from './kustoLanguage';
export * from './crossResource';
export * from './appInsightsClassicNames';
export * from './standardColumns';
