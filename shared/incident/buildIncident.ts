import { buildGroupKey, investigationKey, type GroupKeyField } from './incidentKeys';
import type { Incident } from './incidentSchema';

/** What a source mapper produces; keys and the raw payload reference are added by {@link buildIncident}. */
type IncidentDraft = Omit<Incident, 'schemaVersion' | 'groupKey' | 'investigationKey' | 'rawPayloadRef'>;

/** How the caller wants keys built and the raw payload referenced. */
interface BuildIncidentOptions {
  /** Fields that form the group key (from the source's `*_GROUP_KEY_FIELDS` setting). */
  groupKeyFields: readonly GroupKeyField[];
  /** Blob path of the archived raw body; `null` when the caller does not archive. */
  rawPayloadRef?: string | null;
}

/** Completes a mapper's draft into an {@link Incident}: schema version, group key, investigation key, raw payload reference. */
function buildIncident(draft: IncidentDraft, options: BuildIncidentOptions): Incident {
  const groupKey = buildGroupKey(draft, options.groupKeyFields);
  return {
    schemaVersion: 1,
    ...draft,
    groupKey,
    investigationKey: investigationKey(draft.source, groupKey),
    rawPayloadRef: options.rawPayloadRef ?? null,
  };
}

export { buildIncident };
export type { IncidentDraft, BuildIncidentOptions };
