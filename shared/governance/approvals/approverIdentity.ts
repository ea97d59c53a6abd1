import { z } from 'zod';

/** The decoded `x-ms-client-principal` header App Service authentication sets (Entra ID sign-in). */
const clientPrincipalSchema = z.object({
  auth_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })).default([]),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
});

const NAME_CLAIMS = ['preferred_username', 'upn', 'email', 'name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'];

/**
 * Who decided: `entra:<name>` from the App Service authentication principal (its name claim,
 * then common name claims, then the object id), otherwise `function-key` (the caller passed the
 * function's key and nothing says who they are). The principal headers are trusted only when
 * `trustPlatformIdentity` is set: App Service strips client-sent copies of them only when its
 * authentication is on, and without it anyone holding the key could claim any name.
 */
function approverFrom(headers: { get(name: string): string | null }, trustPlatformIdentity: boolean): string {
  if (!trustPlatformIdentity) return 'function-key';
  const encoded = headers.get('x-ms-client-principal');
  if (encoded) {
    try {
      const principal = clientPrincipalSchema.parse(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
      const claim = (typ: string | undefined): string | undefined => (typ ? principal.claims.find((c) => c.typ === typ)?.val : undefined);
      const name =
        claim(principal.name_typ) ??
        NAME_CLAIMS.map(claim).find((v) => v !== undefined) ??
        claim('http://schemas.microsoft.com/identity/claims/objectidentifier') ??
        claim('oid');
      if (name) return `entra:${name}`;
    } catch {
      // An unreadable header identifies nobody: fall through to the header App Service also sets.
    }
  }
  const plainName = headers.get('x-ms-client-principal-name');
  return plainName ? `entra:${plainName}` : 'function-key';
}

export { approverFrom, clientPrincipalSchema };
