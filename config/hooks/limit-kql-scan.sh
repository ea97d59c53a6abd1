#!/usr/bin/env bash
# PreToolUse hook for log_analytics_query / app_insights_query (Azure SRE Agent's
# QueryLogAnalyticsByWorkspaceId, QueryAppInsightsByResourceId, ExecuteKustoQuery match too).
# Blocks KQL that scans every table (`search *`, `union *`): exit 2 with the reason on stderr,
# which the model reads. Printing nothing and exiting 0 allows.
query=$(node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);process.stdout.write(String((e.tool_input||{}).query||""))})')
if printf '%s' "$query" | grep -Eqi '(^|\|)[[:space:]]*(search|union)[[:space:]]+\*'; then
  echo "Blocked: the query scans every table ('search *' or 'union *'). Name the tables you need (list_tables shows them)." >&2
  exit 2
fi
exit 0
