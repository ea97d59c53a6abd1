import type { ApprovalRecord } from './approvalRecord';

/**
 * The Teams message (Workflows webhook body) announcing a pending approval: an Adaptive Card 1.4
 * with the invocation and an `Action.OpenUrl` to the approval page (buttons that post back need
 * a bot; the page does the deciding). Text is redacted by the caller before it gets here.
 */
function approvalTeamsMessage(record: ApprovalRecord, approvalUrl: string): Record<string, unknown> {
  const invocation = record.invocation.length > 600 ? `${record.invocation.slice(0, 600)}…` : record.invocation;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: '🟡 Approval needed: a tool call is waiting', weight: 'Bolder', size: 'Large', wrap: true, color: 'Warning' },
            {
              type: 'FactSet',
              facts: [
                { title: 'Investigation', value: record.investigationId },
                { title: 'Tool', value: record.toolName },
                { title: 'Why', value: record.requestReason },
                { title: 'Denied at', value: record.expiresAt },
              ],
            },
            { type: 'TextBlock', text: invocation, wrap: true, fontType: 'Monospace' },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Review and decide', url: approvalUrl }],
        },
      },
    ],
  };
}

export { approvalTeamsMessage };
