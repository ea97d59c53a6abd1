import { z } from 'zod';
import { defineSettings, positiveInt } from '../config';

/** A table name as Azure Table Storage allows it: 3-63 letters or digits, starting with a letter. */
const tableName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be 3-63 letters or digits, starting with a letter');

/** A blob container name: 3-63 lower-case letters, digits and single hyphens. */
const containerName = z.string().regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be 3-63 lower-case letters, digits or single hyphens');

/**
 * How ingestion stores what it receives and how it limits investigations. The storage names are
 * settings so several deployments (or test runs) can share one account without seeing each
 * other's deliveries.
 */
const ingestionSettings = defineSettings('ingestion', 'Ingress limits, storm control and where received alerts are recorded', {
  INGEST_MAX_BODY_BYTES: {
    schema: positiveInt,
    description: 'Largest request body accepted by the ingest routes; larger bodies get 413.',
    default: '1048576',
  },
  INGEST_GROUP_WINDOW_MINUTES: {
    schema: z.coerce.number().positive(),
    description:
      'Alerts with the same group key that arrive within this many minutes of the first one join its running ' +
      'investigation as signals instead of starting a new one. Decimals are allowed. A plan\'s `groupWindow` overrides it for the groups it takes.',
    default: '60',
  },
  INGEST_GROUP_CACHE_SECONDS: {
    schema: z.coerce.number().min(0),
    description:
      'How long a process reuses a group it read or wrote to route an alert that joins it, instead of reading it ' +
      'again. With several instances, an alert arriving this soon after another instance resolved its group can ' +
      'still join the resolved investigation. 0 reads the group for every alert. Decimals are allowed.',
    default: '2',
  },
  INGEST_SIGNAL_NUDGE_SECONDS: {
    schema: z.coerce.number().positive(),
    description:
      'Joined alerts are written to the signal ledger; a running investigation is nudged to read it at most ' +
      'once per this many seconds per process (each nudge costs two orchestration episodes). It always reads it once ' +
      'more before it ends. Decimals are allowed.',
    default: '5',
  },
  INGEST_MAX_CONCURRENT_INVESTIGATIONS: {
    schema: positiveInt,
    description: 'Investigations allowed to run at once; new ones beyond it wait in a durable queue and start as capacity frees up.',
    default: '20',
  },
  INGEST_QUEUE_CLAIM_SECONDS: {
    schema: positiveInt,
    description:
      'How long a claim holds before another attempt may take it over: a queued investigation taken by a starter, ' +
      'or a delivery id still being processed (a parallel copy of the delivery is answered 503 meanwhile). A claim ' +
      'of a process that has exited on the same host (a host restarted after a crash) is taken over at once.',
    default: '60',
  },
  INGEST_START_MAX_ATTEMPTS: {
    schema: positiveInt,
    description:
      'Attempts to start a queued investigation before it is dead-lettered (its alert then shows `dead-lettered`; a ' +
      'retry of the alert queues it again). A group that fails to start never holds up the others.',
    default: '8',
  },
  INGEST_START_BACKOFF_SECONDS: {
    schema: z.coerce.number().positive(),
    description: 'Wait after a failed start before the next attempt; it doubles with each attempt, up to 32 times this. Decimals are allowed.',
    default: '5',
  },
  INGEST_STALLED_SECONDS: {
    schema: positiveInt,
    description:
      'GET /api/health reports ingestion stalled (status degraded, HTTP 503) when an investigation has been queued ' +
      'longer than this while capacity is free.',
    default: '300',
  },
  INGEST_RAW_CONTAINER: {
    schema: containerName,
    description:
      'Blob container for raw request bodies, archived before any 2xx. Bodies received together share one ' +
      'newline-delimited JSON segment, <source>/<yyyy>/<mm>/<dd>/<segment>.ndjson, one line per body. Queued ' +
      'investigations keep their orchestration input here too, under queued-inputs/, until they start.',
    default: 'raw-payloads',
  },
  INGEST_INCIDENTS_TABLE: {
    schema: tableName,
    description:
      'Table of every received alert (dedupe key, group key, investigation, disposition) and the signal ledger ' +
      'through which joined alerts reach their investigation.',
    default: 'IncidentIndex',
  },
  INGEST_DELIVERIES_TABLE: {
    schema: tableName,
    description: 'Table of delivery ids already processed, so a retried delivery is answered without a second investigation.',
    default: 'IngestDeliveries',
  },
  INGEST_GROUPS_TABLE: {
    schema: tableName,
    description: 'Table of investigation groups: the instance each group key currently feeds, its window and state.',
    default: 'IngestGroups',
  },
  INGEST_QUEUE_TABLE: {
    schema: tableName,
    description: 'Table holding source updates (acknowledged, priority...) for investigations still waiting for capacity.',
    default: 'IngestQueue',
  },
});

type IngestionSettings = ReturnType<typeof ingestionSettings.load>;

export { ingestionSettings };
export type { IngestionSettings };
