/**
 * The dashboard page of one investigation: the link people get in notes and cards. It shows the
 * live progress before the report exists and the report after, and opens for a signed-in person
 * behind App Service Authentication (`OPS_AUTH=entra`).
 */
function investigationPageUrl(baseUrl: string, investigationId: string): string {
  return `${baseUrl}/api/dashboard/investigations/${encodeURIComponent(investigationId)}`;
}

export { investigationPageUrl };
