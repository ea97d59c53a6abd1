#!/usr/bin/env node
// PostToolUse hook: let every result through and add a one-line note for the model.
// Answers in the Azure SRE Agent expanded format.
let raw = '';
process.stdin.on('data', (chunk) => (raw += chunk));
process.stdin.on('end', () => {
  const event = JSON.parse(raw);
  const note = `[audit] turn ${event.current_turn}: ${event.tool_name} ${event.tool_succeeded ? 'succeeded' : 'failed'}`;
  process.stdout.write(JSON.stringify({ decision: 'allow', hookSpecificOutput: { additionalContext: note } }));
});
