import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from '../tools/tool';
import type { ToolRun } from '../tools/toolRun';

/** The text of a result's content blocks; binary blocks are named, never inlined. */
function contentText(result: CallToolResult): string {
  const parts: string[] = [];
  for (const block of result.content ?? []) {
    if (block.type === 'text') parts.push(block.text);
    else if (block.type === 'resource') parts.push('text' in block.resource ? String(block.resource.text) : `[resource ${block.resource.uri} (${block.resource.mimeType ?? 'binary'}) omitted]`);
    else if (block.type === 'resource_link') parts.push(`[resource link ${block.uri}]`);
    else parts.push(`[${block.type} (${'mimeType' in block ? String(block.mimeType) : 'binary'}) omitted]`);
  }
  return parts.join('\n');
}

/** JSON text becomes data the report and `read_result` can walk; anything else stays text. */
function parsedText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return { text };
}

/**
 * Maps a `tools/call` answer to the responder's tool result: `isError` becomes an `error` the
 * model reads and can work around; `structuredContent` (or JSON text) becomes `data`; an empty
 * answer is `no_data`. Large data is stored and paged by the caller, like any tool's.
 */
function toolResultFromMcp(run: ToolRun, server: string, tool: string, result: CallToolResult): ToolResult {
  const text = contentText(result);
  if (result.isError) {
    return run.error('mcp_tool_error', `${server}/${tool} answered with an error: ${text.slice(0, 4000) || '(no message)'}`);
  }
  const data = result.structuredContent ?? (text ? parsedText(text) : undefined);
  if (data === undefined) return run.noData({ content: [] }, `${server}/${tool}: no content`);
  return run.success(data, `${server}/${tool}: ${text.length} characters${result.structuredContent ? ' (structured)' : ''}`);
}

export { toolResultFromMcp, contentText };
