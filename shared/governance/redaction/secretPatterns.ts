/**
 * One kind of secret the redactor recognises. `pattern` is a regex source without flags; the
 * redactor joins every pattern into one alternation and scans text once. Where only part of a
 * match is secret (the value after `AccountKey=`), a lookbehind keeps the label readable.
 */
interface SecretPattern {
  /** Shown in the replacement, e.g. `[REDACTED:storage-account-key]`. */
  kind: string;
  pattern: string;
}

/**
 * Built-in secret shapes: Azure storage and Service Bus connection strings, SAS tokens, bearer
 * and basic credentials, passwords in URLs, private keys, cloud provider keys (AWS, GCP, GitHub,
 * Slack, Anthropic), PagerDuty tokens and JWTs. Ordered most specific first, because the
 * alternation takes the first branch that matches at a position.
 */
const BUILT_IN_SECRET_PATTERNS: ReadonlyArray<SecretPattern> = [
  // Up to its END line, or to the end of the text when the key was cut (a truncated probe body).
  { kind: 'private-key', pattern: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$(?![\\s\\S]))' },
  // Connection-string values: AccountKey, SharedAccessKey, Password... up to the next `;` or quote.
  {
    kind: 'connection-string-secret',
    pattern: '(?<=\\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|ClientSecret|InstrumentationKey|ApiKey|AccessKey)=)(?:"[^"]*"|\'[^\']*\'|[^;\\s"\'<>]+)',
  },
  // SAS query parameters: the signature (`sig=`) is the secret; keep the rest of the URL readable.
  { kind: 'sas-signature', pattern: '(?<=[?&]sig=)[A-Za-z0-9%+/=_-]{16,}' },
  { kind: 'url-password', pattern: '(?<=://[^/\\s:@"\']{0,256}:)[^\\s"\']{1,256}(?=@[^@\\s/"\']*(?:[/?#"\'\\s]|$))' },
  // Azure Functions and API Management keys: `?code=...`, `x-functions-key: ...`, `Ocp-Apim-Subscription-Key: ...`.
  { kind: 'function-key', pattern: '(?<=[?&]code=)[A-Za-z0-9_%=-]{20,}' },
  { kind: 'function-key', pattern: '(?<=\\b(?:x-functions-key|ocp-apim-subscription-key)["\']?\\s*[:=]\\s*["\']?)[^\\s"\',;]{16,}' },
  { kind: 'anthropic-key', pattern: '\\bsk-ant-[A-Za-z0-9_-]{16,}' },
  { kind: 'openai-key', pattern: '\\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}' },
  { kind: 'aws-access-key-id', pattern: '\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b' },
  { kind: 'aws-secret-key', pattern: '(?<=\\baws_?secret_?access_?key["\']?\\s*[:=]\\s*["\']?)[A-Za-z0-9/+=]{40}' },
  { kind: 'gcp-api-key', pattern: '\\bAIza[0-9A-Za-z_-]{35}' },
  { kind: 'gcp-service-account-key', pattern: '(?<="private_key_id"\\s*:\\s*")[0-9a-f]{40}' },
  { kind: 'github-token', pattern: '\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})' },
  { kind: 'slack-token', pattern: '\\bxox[abposr]-[A-Za-z0-9-]{10,}' },
  { kind: 'slack-webhook', pattern: 'https://hooks\\.slack\\.com/services/[A-Za-z0-9/_-]+' },
  { kind: 'jwt', pattern: '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}' },
  // PagerDuty REST API keys are sent as `Token token=<key>`; integration/routing keys are 32 hex.
  { kind: 'pagerduty-token', pattern: '(?<=Token token=)[A-Za-z0-9_+-]{16,}' },
  { kind: 'pagerduty-routing-key', pattern: '(?<="?(?:routing_key|integration_key|service_key)"?\\s*[:=]\\s*"?)[A-Za-z0-9]{32}' },
  { kind: 'bearer-token', pattern: '(?<=\\b[Bb]earer\\s+)[A-Za-z0-9._~+/=-]{16,}' },
  { kind: 'basic-credentials', pattern: '(?<=\\b[Bb]asic\\s+)[A-Za-z0-9+/]{12,}={0,2}' },
  // Azure storage account keys and other 64-byte base64 keys standing alone (88 chars ending `==`).
  { kind: 'azure-storage-key', pattern: '(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])' },
  // `password=...`, `"api_key": "..."`, `client_secret: ...` in free text and config dumps.
  {
    kind: 'labelled-secret',
    pattern:
      '(?<=\\b(?:password|passwd|pwd|secret|client_secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token)["\']?\\s*[:=]\\s*["\']?)[^\\s"\'&;,}]{6,}',
  },
];

export { BUILT_IN_SECRET_PATTERNS };
export type { SecretPattern };
