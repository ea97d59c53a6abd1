import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Incident, IncidentSource } from './incidentSchema';

/**
 * Incident fields a group key can be built from:
 * - `rule`: the alert rule id (or name when there is no id);
 * - `resource`: the primary affected resource (first in `resources`);
 * - `resourceGroup` / `subscription`: of the primary resource;
 * - `service`, `correlationId`, `externalId`, `title`.
 */
const GroupKeyFieldSchema = z.enum(['rule', 'resource', 'resourceGroup', 'subscription', 'service', 'correlationId', 'externalId', 'title']);

/** The incident fields {@link buildGroupKey} reads. */
type GroupKeyInput = Pick<Incident, 'source' | 'externalId' | 'title' | 'resources' | 'rule' | 'service' | 'correlationId'>;
type GroupKeyField = z.infer<typeof GroupKeyFieldSchema>;

function fieldValue(input: GroupKeyInput, field: GroupKeyField): string {
  const primary = input.resources[0];
  switch (field) {
    case 'rule':
      return input.rule?.id ?? input.rule?.name ?? '';
    case 'resource':
      return primary?.id ?? '';
    case 'resourceGroup':
      return primary?.resourceGroup ? `${primary.subscriptionId}/${primary.resourceGroup}` : '';
    case 'subscription':
      return primary?.subscriptionId ?? '';
    case 'service':
      return input.service ?? '';
    case 'correlationId':
      return input.correlationId ?? '';
    case 'externalId':
      return input.externalId;
    case 'title':
      return input.title;
  }
}

/**
 * Builds the readable group key `source|field=value|...` (lower-cased) from the chosen fields.
 * When every chosen field is empty (e.g. `rule,resource` on an alert with neither) the key falls
 * back to the external id, so unrelated alerts never collapse into one investigation.
 *
 * @example
 * buildGroupKey(incident, ['rule', 'resource']);
 * // 'azure-monitor|rule=/subscriptions/.../metricalerts/cpu-high|resource=/subscriptions/.../sites/app'
 */
function buildGroupKey(input: GroupKeyInput, fields: readonly GroupKeyField[]): string {
  const parts = fields.map((field) => [field, fieldValue(input, field).trim().toLowerCase()] as const);
  const usable = parts.some(([, value]) => value !== '') ? parts : ([['externalId', input.externalId.toLowerCase()]] as const);
  return [input.source, ...usable.map(([field, value]) => `${field}=${value}`)].join('|');
}

/**
 * Derives the Durable instance id of the investigation for a group key: `<source>-<32 hex>`
 * (a SHA-256 prefix), only lower-case letters, digits and dashes, at most 46 characters.
 * Pure and deterministic, so it is safe inside orchestrators and stable across deployments.
 *
 * @example
 * investigationKey('pagerduty', 'pagerduty|externalid=q1w8fz3k2xj9ab'); // 'pagerduty-5d1c...'
 */
function investigationKey(source: IncidentSource, groupKey: string): string {
  const digest = createHash('sha256').update(`${source}\n${groupKey}`, 'utf8').digest('hex');
  return `${source}-${digest.slice(0, 32)}`;
}

/**
 * Turns an arbitrary id into a dedupe-key segment that is safe in Table Storage keys
 * (no `/ \ # ?`, no control characters) while staying readable.
 */
function keySegment(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._:-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export { GroupKeyFieldSchema, buildGroupKey, investigationKey, keySegment };
export type { GroupKeyField, GroupKeyInput };
