import { z } from 'zod';
import { booleanFlag, csvList, defineSettings, positiveInt } from '../config';
import { parseIsoDuration } from './approvals/isoDuration';

/** A JSON array of regex sources, each compiled once here so a bad pattern fails at startup. */
const regexList = z
  .string()
  .transform((json, ctx): string[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of regular expressions' });
      return z.NEVER;
    }
    const list = z.array(z.string().min(1)).safeParse(parsed);
    if (!list.success) {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of non-empty strings' });
      return z.NEVER;
    }
    for (const [index, source] of list.data.entries()) {
      try {
        new RegExp(source);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `pattern [${index}] is not a valid regular expression: ${(error as Error).message}` });
        return z.NEVER;
      }
    }
    return list.data;
  });

/**
 * Governance settings: where the permission rules and hooks come from, how long an approval
 * waits, where the audit log goes and what the redactor hides beyond the built-in shapes.
 */
const governanceSettings = defineSettings('governance', 'Permission rules, hooks, approvals, audit log and redaction', {
  GOVERNANCE_RULES_FILE: {
    schema: z.string().min(1),
    description: 'Global permission rules (YAML), relative to the app root. Read and validated at startup; errors name the file and line.',
    default: 'config/rules.yaml',
  },
  GOVERNANCE_RULES_BLOB: {
    schema: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])\/.+$/, 'expected <container>/<blob path>').optional(),
    description: 'Optional blob (`<container>/<path>`) whose rules replace the file\'s, so operators change rules without a deploy.',
  },
  GOVERNANCE_HOOKS_FILE: {
    schema: z.string().min(1).optional(),
    description: 'Hooks configuration (YAML), e.g. config/hooks.yaml, or a folder of hook files (Azure SRE Agent HookV2 / ExtendedAgent files load as they are). Unset: no hooks run. Commands run in the file\'s folder.',
  },
  GOVERNANCE_TRUST_PLATFORM_IDENTITY: {
    schema: booleanFlag,
    description:
      'Record approvers from App Service Authentication (`x-ms-client-principal`). Set it only when App Service ' +
      'Authentication (Entra ID sign-in) is enabled on the app, which strips client-sent copies of those headers; ' +
      'otherwise approvals are recorded as `function-key`, whatever name a caller sends.',
    default: 'false',
  },
  GOVERNANCE_APPROVAL_TIMEOUT: {
    schema: z.string().transform((value, ctx) => {
      const ms = parseIsoDuration(value);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a positive ISO 8601 duration such as PT1H or PT15M' });
        return z.NEVER;
      }
      return ms;
    }),
    description: 'How long an `ask` waits for a human (ISO 8601 duration). On timeout the call is denied and the model is told.',
    default: 'PT1H',
  },
  GOVERNANCE_APPROVALS_TABLE: {
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be 3-63 letters or digits, starting with a letter'),
    description: 'Table that records approval requests and decisions.',
    default: 'Approvals',
  },
  GOVERNANCE_ACTIONS_TABLE: {
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be 3-63 letters or digits, starting with a letter'),
    description: 'Table that records each remediation action before and after it runs, so an action runs at most once across retries and host restarts.',
    default: 'RemediationActions',
  },
  GOVERNANCE_AUDIT_CONTAINER: {
    schema: z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'must be a valid blob container name'),
    description: 'Blob container of the append-only audit log (one append blob per investigation: <investigationId>.jsonl).',
    default: 'audit',
  },
  GOVERNANCE_HOOK_TIMEOUT_MAX_SECONDS: {
    schema: positiveInt.max(3600),
    description: 'Upper bound on any hook\'s own timeout, in seconds.',
    default: '300',
  },
  GOVERNANCE_REDACT_LITERALS: {
    schema: csvList,
    description: 'Extra literal secrets to redact everywhere (comma-separated). Every `secret: true` setting is redacted already.',
    secret: true,
    default: '',
  },
  GOVERNANCE_REDACT_PATTERNS: {
    schema: regexList,
    description: 'Extra secret patterns to redact, as a JSON array of regular expressions, e.g. ["corp_[A-Za-z0-9]{32}"].',
    default: '[]',
  },
});

type GovernanceSettings = ReturnType<typeof governanceSettings.load>;

export { governanceSettings };
export type { GovernanceSettings };
