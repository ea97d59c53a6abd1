#!/usr/bin/env bash
# PreToolUse hook: block destructive Azure CLI commands. Reads the event JSON on stdin.
# Exit 2 blocks with stderr as the reason the model reads; printing nothing and exiting 0 allows.
input=$(cat)
command=$(printf '%s' "$input" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);process.stdout.write(String((e.tool_input||{}).command||""))})')
case "$command" in
  *" delete "*|*" purge "*|*"--yes"*)
    echo "Blocked: '$command' is destructive. Use a read-only az command to gather evidence instead." >&2
    exit 2
    ;;
esac
exit 0
