import { ConfigError } from '../../errors';
import { parseJsonBody, parseWithSchema } from '../parseBody';
import { bodyBytes, headerValue, type IngestOutcome, type IngestRequest, type ParseOptions, type SourceAdapter } from '../sourceAdapter';
import { verifyBasicAuth, verifyServiceNowHmac } from './serviceNowAuth';
import { mapServiceNowEvent } from './serviceNowMapper';
import { ServiceNowIncidentEventSchema } from './serviceNowSchema';
import type { ServiceNowInboundSettings } from './serviceNowSettings';

/** Test seams. */
interface ServiceNowAdapterOptions {
  /** Clock for the timestamp freshness check. @default Date.now */
  now?: () => number;
}

/**
 * ServiceNow business-rule webhook (our contract, docs/sources.md). Authenticates with the HMAC
 * headers plus timestamp freshness, or basic auth, as configured; missing secrets fail at
 * construction with a {@link ConfigError}.
 */
function createServiceNowAdapter(settings: ServiceNowInboundSettings, options: ServiceNowAdapterOptions = {}): SourceAdapter {
  const now = options.now ?? Date.now;
  const secrets = settings.SERVICENOW_INBOUND_HMAC_SECRETS ?? [];
  const user = settings.SERVICENOW_INBOUND_BASIC_USER;
  const password = settings.SERVICENOW_INBOUND_BASIC_PASSWORD;
  if (settings.SERVICENOW_INBOUND_AUTH === 'hmac' && secrets.length === 0) {
    throw new ConfigError('SERVICENOW_INBOUND_HMAC_SECRETS', 'is required when SERVICENOW_INBOUND_AUTH=hmac');
  }
  if (settings.SERVICENOW_INBOUND_AUTH === 'basic' && (user === undefined || password === undefined)) {
    throw new ConfigError('SERVICENOW_INBOUND_BASIC_USER', 'and SERVICENOW_INBOUND_BASIC_PASSWORD are required when SERVICENOW_INBOUND_AUTH=basic');
  }
  return {
    source: 'servicenow',
    async authenticate(request: IngestRequest): Promise<void> {
      if (settings.SERVICENOW_INBOUND_AUTH === 'basic') {
        verifyBasicAuth(headerValue(request.headers, 'authorization'), user!, password!);
        return;
      }
      verifyServiceNowHmac(
        headerValue(request.headers, 'x-signature'),
        headerValue(request.headers, 'x-signature-timestamp'),
        bodyBytes(request.rawBody),
        secrets,
        settings.SERVICENOW_INBOUND_MAX_SKEW_SECONDS,
        now(),
      );
    },
    async parse(request: IngestRequest, parseOptions: ParseOptions = {}): Promise<IngestOutcome[]> {
      const event = parseWithSchema(ServiceNowIncidentEventSchema, parseJsonBody(request.rawBody), 'the ServiceNow event');
      return [mapServiceNowEvent(event, { groupKeyFields: settings.SERVICENOW_GROUP_KEY_FIELDS, rawPayloadRef: parseOptions.rawPayloadRef ?? null })];
    },
  };
}

export { createServiceNowAdapter };
export type { ServiceNowAdapterOptions };
