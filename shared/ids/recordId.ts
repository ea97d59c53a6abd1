import { z } from 'zod';
import { ValidationError } from '../errors';

/**
 * The one shape every id the app reads from outside takes (investigation, hypothesis instance,
 * incident, approval and tool-call ids): 1-200 letters, digits and `_ . : -`, starting with a
 * letter or digit, never `..`. Such an id is one path segment in a blob name, a table key and a
 * URL, so it can never reach another folder, container, partition or instance. Every id the app
 * issues has this shape (`azure-monitor-<hex>`, `manual-<uuid>`, `<id>:<hypothesis>`,
 * `azure-monitor_3_<hex>`, `apr-<hex>`).
 */
const RECORD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

const RECORD_ID_RULE = 'must be 1-200 letters, digits, _ . : or - starting with a letter or digit, without ..';

function isRecordId(value: string): boolean {
  return RECORD_ID_PATTERN.test(value) && !value.includes('..');
}

/** The zod schema of a record id, for bodies, query parameters and stored records. */
const recordIdSchema = z.string().refine(isRecordId, RECORD_ID_RULE);

/**
 * The id, checked; a `ValidationError` (400) naming `field` otherwise (the message quotes at most
 * 100 characters of it, JSON-escaped).
 */
function requireRecordId(field: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') throw new ValidationError(`${field}: missing`, [{ path: field, message: 'required' }]);
  if (!isRecordId(value)) throw new ValidationError(`${field}: ${JSON.stringify(value.slice(0, 100))} is not an id`, [{ path: field, message: RECORD_ID_RULE }]);
  return value;
}

/** The id as one URL path segment: checked, then percent-encoded. */
function recordIdInUrl(field: string, value: string): string {
  return encodeURIComponent(requireRecordId(field, value));
}

export { RECORD_ID_PATTERN, isRecordId, recordIdSchema, requireRecordId, recordIdInUrl };
