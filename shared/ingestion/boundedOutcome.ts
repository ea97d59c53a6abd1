import type { Incident } from '../incident';
import type { IncidentChange, IncidentRef, IngestOutcome } from '../sources';
import { boundJson, boundKey, boundText } from './boundedText';

/**
 * What a normalised alert may hold once received. Alerts reach table rows (incident index,
 * delivery log, held events), orchestration inputs and the model's prompt, all of which have
 * limits (a table property holds 64 KiB, an entity 1 MiB), so everything is bounded here, once,
 * for every source; the raw body stays whole in the archive (`rawPayloadRef`).
 */
const INCIDENT_LIMITS = {
  /** Identities (external id, dedupe and group keys, correlation id, rule id, delivery id): cut with a hash. */
  keyChars: 512,
  titleChars: 1024,
  descriptionChars: 16_384,
  /** Short names: rule name, service, source severity, signal type, actor, event name. */
  nameChars: 1024,
  /** An update's one-line summary. */
  summaryChars: 4096,
  resources: 100,
  links: 50,
  linkUrlChars: 2048,
  externalIds: 20,
  customProperties: 100,
  customPropertyChars: 1024,
  /** `signal.details`: each string, array and object, then the whole of it as JSON. */
  details: { maxString: 2048, maxItems: 50, maxKeys: 100 },
  detailsJsonChars: 32_768,
} as const;

/** The key listing what was cut, added to `signal.details` of an alert that was bounded. */
const TRUNCATED_KEY = 'ingestTruncated';

/** {@link boundText}, noting `path` in `cuts` when it cut. */
function boundTextNoted(value: string, max: number, cuts: string[], path: string): string {
  if (value.length > max) cuts.push(path);
  return boundText(value, max);
}

/** {@link boundKey} to `keyChars`, noting `path` in `cuts` when it cut. */
function boundKeyNoted(value: string, cuts: string[], path: string): string {
  if (value.length > INCIDENT_LIMITS.keyChars) cuts.push(path);
  return boundKey(value, INCIDENT_LIMITS.keyChars);
}

function firstOf<T>(items: T[], max: number, cuts: string[], path: string): T[] {
  if (items.length > max) cuts.push(`${path}[${max}..${items.length - 1}]`);
  return items.slice(0, max);
}

function firstEntries(record: Record<string, string>, max: number, valueChars: number, cuts: string[], path: string): Record<string, string> {
  const entries = Object.entries(record);
  if (entries.length > max) cuts.push(`${path}{${entries.length - max} more keys}`);
  if (entries.slice(0, max).some(([, value]) => value.length > valueChars)) cuts.push(`${path} (values)`);
  return Object.fromEntries(entries.slice(0, max).map(([key, value]) => [boundKey(key, INCIDENT_LIMITS.nameChars), boundText(value, valueChars)]));
}

/** `signal.details` bounded field by field, then entry by entry to `INCIDENT_LIMITS.detailsJsonChars`. */
function boundDetails(details: Record<string, unknown>, cuts: string[]): Record<string, unknown> {
  const bounded = boundJson(details, INCIDENT_LIMITS.details, cuts, 'signal.details') as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  let used = 2;
  for (const [key, value] of Object.entries(bounded)) {
    const size = JSON.stringify({ [key]: value }).length;
    if (used + size > INCIDENT_LIMITS.detailsJsonChars) {
      cuts.push(`signal.details.${key.slice(0, 100)}`);
      continue;
    }
    kept[key] = value;
    used += size;
  }
  return kept;
}

/**
 * The incident with every field within {@link INCIDENT_LIMITS}. What was cut is listed under
 * `signal.details.ingestTruncated`; text cut short ends with the truncation marker, identities
 * with `~truncated~<hash>`. Deterministic, so a retried delivery bounds to the same incident.
 */
function boundIncident(incident: Incident): Incident {
  const cuts: string[] = [];
  const detailCuts: string[] = [];
  const L = INCIDENT_LIMITS;
  const bounded: Incident = {
    ...incident,
    externalId: boundKeyNoted(incident.externalId, cuts, 'externalId'),
    externalIds: firstEntries(incident.externalIds, L.externalIds, L.keyChars, cuts, 'externalIds'),
    title: boundTextNoted(incident.title, L.titleChars, cuts, 'title'),
    description: boundTextNoted(incident.description, L.descriptionChars, cuts, 'description'),
    sourceSeverity: incident.sourceSeverity === null ? null : boundTextNoted(incident.sourceSeverity, L.nameChars, cuts, 'sourceSeverity'),
    resources: firstOf(incident.resources.filter((r) => r.id.length <= L.keyChars * 4), L.resources, cuts, 'resources'),
    rule: incident.rule === null ? null : { name: boundTextNoted(incident.rule.name, L.nameChars, cuts, 'rule.name'), id: incident.rule.id === null ? null : boundKeyNoted(incident.rule.id, cuts, 'rule.id') },
    service: incident.service === null ? null : boundTextNoted(incident.service, L.nameChars, cuts, 'service'),
    correlationId: incident.correlationId === null ? null : boundKeyNoted(incident.correlationId, cuts, 'correlationId'),
    signal: { type: boundTextNoted(incident.signal.type, L.nameChars, cuts, 'signal.type'), details: boundDetails(incident.signal.details, detailCuts) },
    links: firstOf(incident.links.filter((link) => link.url.length <= L.linkUrlChars), L.links, cuts, 'links').map((link) => ({ ...link, title: boundText(link.title, L.nameChars) })),
    customProperties: firstEntries(incident.customProperties, L.customProperties, L.customPropertyChars, cuts, 'customProperties'),
    dedupeKey: boundKeyNoted(incident.dedupeKey, cuts, 'dedupeKey'),
    groupKey: boundKeyNoted(incident.groupKey, cuts, 'groupKey'),
  };
  if (incident.resources.some((r) => r.id.length > L.keyChars * 4)) cuts.push('resources (ids too long to keep)');
  if (incident.links.some((link) => link.url.length > L.linkUrlChars)) cuts.push('links (urls too long to keep)');
  if (cuts.length + detailCuts.length === 0) return incident;
  // The incident's own fields first: a details object can cut many paths.
  bounded.signal.details[TRUNCATED_KEY] = [...cuts, ...detailCuts].slice(0, 50);
  return bounded;
}

function boundRef(ref: IncidentRef): IncidentRef {
  const cuts: string[] = [];
  return { ...ref, externalId: boundKeyNoted(ref.externalId, cuts, 'externalId'), dedupeKey: boundKeyNoted(ref.dedupeKey, cuts, 'dedupeKey'), groupKey: boundKeyNoted(ref.groupKey, cuts, 'groupKey') };
}

function boundChange(change: IncidentChange): IncidentChange {
  const L = INCIDENT_LIMITS;
  return { ...change, event: boundText(change.event, L.nameChars), summary: boundText(change.summary, L.summaryChars), actor: change.actor === null ? null : boundText(change.actor, L.nameChars) };
}

/** An outcome with its incident, change and delivery id bounded (see {@link boundIncident}). */
function boundOutcome(outcome: IngestOutcome): IngestOutcome {
  switch (outcome.kind) {
    case 'incident':
    case 'resolve':
      return { ...outcome, deliveryId: boundKey(outcome.deliveryId, INCIDENT_LIMITS.keyChars), incident: boundIncident(outcome.incident) };
    case 'update':
      return {
        ...outcome,
        deliveryId: boundKey(outcome.deliveryId, INCIDENT_LIMITS.keyChars),
        ref: boundRef(outcome.ref),
        change: boundChange(outcome.change),
        ...(outcome.incident ? { incident: boundIncident(outcome.incident) } : {}),
      };
    case 'ping':
    case 'ignored':
      return { ...outcome, deliveryId: boundKey(outcome.deliveryId, INCIDENT_LIMITS.keyChars) };
    case 'validation':
      return outcome;
  }
}

export { INCIDENT_LIMITS, TRUNCATED_KEY, boundIncident, boundOutcome };
