/**
 * The fields of an Azure SRE Agent custom agent (ExtendedAgent `spec`, a recipe's subagent,
 * AgentConfiguration v1, a workflow template's `custom_agent`), shared by the plan reader and
 * the hooks reader (which reads the same files for their `spec.hooks`). No imports: both sides
 * use it while loading.
 */

/** snake_case spellings of the v1 and lab files. */
const AGENT_SNAKE_TO_CAMEL: Readonly<Record<string, string>> = {
  system_prompt: 'systemPrompt',
  handoff_description: 'handoffDescription',
  agent_type: 'agentType',
  action_mode: 'agentType',
  mcp_tools: 'mcpTools',
  enable_vanilla_mode: 'enableVanillaMode',
  enable_skills: 'enableSkills',
  allowed_skills: 'allowedSkills',
};

/** Fields Azure SRE Agent documents or ships that have no meaning here, and why. */
const AZURE_ONLY_AGENT_FIELDS: Readonly<Record<string, string>> = {
  temperature: 'the model and its sampling are deployment settings here (ANTHROPIC_MODEL), not per agent',
  model: 'the model is a deployment setting here (ANTHROPIC_MODEL), not per agent',
  allowParallelToolCalls: 'the tool calls of one model turn always run in parallel here',
  maxReflectionCount: 'there is no reflection loop; a prompt Stop hook plays the critic here',
  criticPromptPath: 'there is no critic pass; a prompt Stop hook plays the critic here',
  criticOnHandoff: 'there is no critic pass; a prompt Stop hook plays the critic here',
  customReflectionNote: 'there is no reflection loop',
  commonPrompts: 'portal prompt snippets are not available here; put their text in instructions',
  enableVanillaMode: 'there is one agent runtime here',
  enableSkills: 'skills are chosen by description from the skills folder (docs/knowledge.md)',
  allowedSkills: 'skills are chosen by description from the skills folder (docs/knowledge.md)',
  addSystemSkills: 'skills are chosen by description from the skills folder (docs/knowledge.md)',
  skills: 'skills are chosen by description from the skills folder (docs/knowledge.md); copy each SKILL.md there',
  knowledge: 'knowledge files are named by the plan (knowledge:) and read from the knowledge folder',
  hooks: 'hooks load from GOVERNANCE_HOOKS_FILE (this file can be that file) and apply to every investigation',
};

/** Every agent field, camelCase. */
const AGENT_FIELDS = new Set(['name', 'instructions', 'systemPrompt', 'handoffDescription', 'handoffs', 'tools', 'mcpTools', 'agentType', ...Object.keys(AZURE_ONLY_AGENT_FIELDS)]);

/** True when `key` (either casing) is an agent field. */
function isAgentField(key: string): boolean {
  return AGENT_FIELDS.has(AGENT_SNAKE_TO_CAMEL[key] ?? key);
}

export { AGENT_FIELDS, AGENT_SNAKE_TO_CAMEL, AZURE_ONLY_AGENT_FIELDS, isAgentField };
