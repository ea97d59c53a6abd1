import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reading Bicep as text. No Bicep compiler can be installed here (neither npm nor Debian ship
 * one), so the infra tests check the structure they depend on with these small parsers. They
 * only understand the layout infra/ is written in (one declaration per line, decorators directly
 * above their `param`), and the tests assert that layout where it matters.
 */

/** Repository root, from the compiled test's folder (dist/test/infra). */
const repoRoot = join(__dirname, '..', '..', '..');

/** A `param` declaration with the decorators written directly above it. */
interface BicepParam {
  name: string;
  /** Declared type as written, e.g. `string`, `string[]`, `telemetryWorkspace[]`. */
  type: string;
  /** True when the declaration has `= <default>`. */
  hasDefault: boolean;
  /** The decorator text above the declaration (may span lines). */
  decorators: string;
}

/** Reads a file relative to the repository root. */
function readRepoFile(relativePath: string): string {
  return readFileSync(join(repoRoot, relativePath), 'utf8');
}

/** How many more opening than closing brackets (any of `([{`) a line has. */
function bracketDelta(line: string): number {
  let delta = 0;
  for (const ch of line) {
    if (ch === '(' || ch === '[' || ch === '{') delta += 1;
    else if (ch === ')' || ch === ']' || ch === '}') delta -= 1;
  }
  return delta;
}

/** Every top-level `param` of a Bicep file, with its decorators. */
function bicepParams(text: string): BicepParam[] {
  const params: BicepParam[] = [];
  let pending: string[] = [];
  let depth = 0;
  for (const line of text.split(/\r?\n/)) {
    if (depth > 0) {
      pending.push(line);
      depth += bracketDelta(line);
      continue;
    }
    if (line.startsWith('@')) {
      pending.push(line);
      depth = Math.max(0, bracketDelta(line));
      continue;
    }
    const match = /^param\s+(\w+)\s+([\w[\]?]+)(\s*=\s*.+)?$/.exec(line);
    if (match) {
      params.push({ name: match[1]!, type: match[2]!, hasDefault: match[3] !== undefined, decorators: pending.join('\n') });
    }
    pending = [];
  }
  return params;
}

/** Names of every top-level `output`. */
function bicepOutputs(text: string): string[] {
  return [...text.matchAll(/^output\s+(\w+)\s+/gm)].map((m) => m[1]!);
}

/** Paths of every `module` declaration, as written (local paths or registry references). */
function moduleReferences(text: string): string[] {
  return [...text.matchAll(/^module\s+\w+\s+'([^']+)'/gm)].map((m) => m[1]!);
}

/**
 * The text assigned to `var <name> =`: from the start of the value through the bracket that
 * closes the first one opened on its first line (`{...}`, `[...]`, or a call such as
 * `union(...)`), or the rest of the line for a simple value. Throws when the variable does not
 * exist, so a renamed block fails the test instead of silently checking nothing.
 */
function variableBlock(text: string, name: string): string {
  const start = new RegExp(`^var\\s+${name}\\s*=\\s*`, 'm').exec(text);
  if (!start) throw new Error(`var ${name} not found`);
  const from = start.index + start[0].length;
  const lineEnd = text.indexOf('\n', from);
  const firstLine = text.slice(from, lineEnd === -1 ? undefined : lineEnd);
  const firstBracket = firstLine.search(/[([{]/);
  if (firstBracket === -1) return firstLine;
  let depth = 0;
  for (let i = from + firstBracket; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '{' || ch === '(' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ')' || ch === ']') {
      depth -= 1;
      if (depth === 0) return text.slice(from, i + 1);
    }
  }
  throw new Error(`var ${name} is not closed`);
}

/**
 * App-setting names used as object keys: UPPER_SNAKE names and the AzureWebJobsStorage family.
 * Resource properties in Bicep are lowerCamel, so they never match.
 */
function settingKeys(text: string): string[] {
  return [...text.matchAll(/^\s*'?([A-Z][A-Z0-9_]*[A-Z0-9]|AzureWebJobsStorage(?:__[A-Za-z]+)?)'?\s*:/gm)].map((m) => m[1]!);
}

/** The single-quoted values of the `@allowed([...])` decorator in a parameter's decorator text. */
function allowedValues(decorators: string): string[] {
  const list = /@allowed\(\[([\s\S]*?)\]\)/.exec(decorators)?.[1] ?? '';
  return [...list.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

export { repoRoot, readRepoFile, bicepParams, bicepOutputs, moduleReferences, variableBlock, settingKeys, allowedValues };
export type { BicepParam };
