import { ConfigError } from '../../errors';
import { pinnedUrl } from '../hostPinning';

/** Hosts a Teams Workflows ("When a Teams webhook request is received") trigger URL uses. */
const TEAMS_WORKFLOW_HOSTS = ['*.logic.azure.com', '*.logic.azure.us', '*.api.powerplatform.com'] as const;

/** Why a legacy URL is refused, in the words an operator needs. */
function legacyReason(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  const legacy =
    host.endsWith('.webhook.office.com') ||
    ((host === 'outlook.office.com' || host === 'outlook.office365.com') && url.pathname.toLowerCase().startsWith('/webhook'));
  if (!legacy) return undefined;
  return (
    `is an Office 365 connector incoming webhook (${host}). Microsoft retired those connectors and their URLs stop ` +
    'working; create a Teams Workflow from the template "Post to a channel when a webhook request is received" ' +
    '(trigger "When a Teams webhook request is received") and use its URL instead'
  );
}

/**
 * Checks TEAMS_WORKFLOW_URL at startup: a legacy connector URL is refused with the reason, any
 * other host must be a Workflows host (Logic Apps or Power Platform) unless test hosts are allowed.
 * The URL's `sig` query parameter is its credential: the URL never appears in an error.
 */
function teamsWorkflowUrl(raw: string, allowTestHosts: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError('TEAMS_WORKFLOW_URL', 'is not a valid URL', { cause });
  }
  const legacy = legacyReason(url);
  if (legacy) throw new ConfigError('TEAMS_WORKFLOW_URL', legacy);
  return pinnedUrl('TEAMS_WORKFLOW_URL', raw, TEAMS_WORKFLOW_HOSTS, allowTestHosts);
}

export { teamsWorkflowUrl, legacyReason, TEAMS_WORKFLOW_HOSTS };
