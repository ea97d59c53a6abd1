export * from './incidentSchema';
export * from './armResourceId';
export * from './severity';
export * from './timestamps';
export * from './incidentKeys';
export * from './buildIncident';
