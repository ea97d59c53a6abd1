import type { AdaptiveCard, CardAction, CardElement, TeamsWorkflowMessage } from './adaptiveCardSchema';
import { byteSize } from './buildTeamsCard';

/**
 * A Markdown preview of a card, for the demo and for reviewing a card without Teams: headings
 * for bold text, facts as a list, evidence excerpts as code, buttons as links, and the JSON
 * size against the Teams limit. A reader sees what the channel would show, in order.
 */
function renderTeamsCardPreview(messageOrCard: TeamsWorkflowMessage | AdaptiveCard): string {
  const card = 'attachments' in messageOrCard ? messageOrCard.attachments[0]!.content : messageOrCard;
  const lines: string[] = [`<!-- Adaptive Card ${card.version}, ${byteSize(messageOrCard)} bytes as sent -->`, ''];
  for (const element of card.body ?? []) renderElement(element, lines, 0);
  if (card.actions && card.actions.length > 0) {
    lines.push('');
    renderActions(card.actions, lines, 0);
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function renderElement(element: CardElement, lines: string[], depth: number): void {
  const indent = '  '.repeat(depth);
  switch (element.type) {
    case 'TextBlock': {
      const text = element.text.replace(/\r?\n/g, ' ');
      if (element.size?.toLowerCase() === 'large' || element.style === 'heading') lines.push('', `${indent}## ${text}`, '');
      else if (element.weight?.toLowerCase() === 'bolder') lines.push('', `${indent}**${text}**`);
      else if (element.fontType?.toLowerCase() === 'monospace') lines.push(`${indent}\`${text.replace(/`/g, "'")}\``);
      else lines.push(element.isSubtle ? `${indent}_${text}_` : `${indent}${text}`);
      return;
    }
    case 'RichTextBlock':
      lines.push(indent + element.inlines.map((inline) => (typeof inline === 'string' ? inline : inline.text)).join(''));
      return;
    case 'FactSet':
      lines.push('', ...element.facts.map((fact) => `${indent}- **${fact.title}**: ${fact.value.replace(/\r?\n/g, ' ')}`), '');
      return;
    case 'Image':
      lines.push(`${indent}![${element.altText ?? 'image'}](${element.url})`);
      return;
    case 'ImageSet':
      element.images.forEach((image) => renderElement(image, lines, depth));
      return;
    case 'Container':
      element.items.forEach((item) => renderElement(item, lines, depth));
      return;
    case 'ColumnSet':
      element.columns.forEach((column) => (column.items ?? []).forEach((item) => renderElement(item, lines, depth)));
      return;
    case 'ActionSet':
      renderActions(element.actions, lines, depth);
      return;
    case 'Table':
      element.rows.forEach((row) => {
        const cells = row.cells.map((cell) => cell.items.map((item) => ('text' in item ? item.text : item.type)).join(' '));
        lines.push(`${indent}| ${cells.join(' | ')} |`);
      });
      return;
  }
}

function renderActions(actions: readonly CardAction[], lines: string[], depth: number): void {
  const indent = '  '.repeat(depth);
  for (const action of actions) {
    if (action.type === 'Action.OpenUrl') lines.push(`${indent}[${action.title ?? action.url}](${action.url})`);
    else if (action.type === 'Action.ShowCard') {
      lines.push(`${indent}▸ ${action.title ?? 'More'}`);
      for (const element of action.card.body ?? []) renderElement(element, lines, depth + 1);
    } else lines.push(`${indent}▸ ${action.title ?? 'Toggle'}`);
  }
}

export { renderTeamsCardPreview };
