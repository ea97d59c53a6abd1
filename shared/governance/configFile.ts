import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors';
import { findLiteralSecrets } from './redaction/secretReferences';

/** A YAML configuration file parsed with positions, so every error can name its line. */
interface LocatedYaml {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of the nearest ancestor that exists. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

/**
 * Parses YAML text and keeps node positions.
 * @throws ConfigError `<file>:<line>: ...` on a syntax error.
 */
function parseLocatedYaml(file: string, text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new ConfigError(line ? `${file}:${line}` : file, `invalid YAML: ${first.message.split('\n')[0]}`);
  }
  return {
    file,
    value: doc.toJS(),
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && Array.isArray(node.range)) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/**
 * Validates a located file against a schema and refuses literal secrets in it.
 * @throws ConfigError naming `<file>:<line>` and the field at fault.
 */
function validateLocated<S extends z.ZodType>(located: LocatedYaml, schema: S): z.output<S> {
  const parsed = schema.safeParse(located.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const line = located.lineOf(issue.path);
    const field = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new ConfigError(line ? `${located.file}:${line}` : located.file, `${field}${issue.message}`);
  }
  const secret = findLiteralSecrets(located.value)[0];
  if (secret) {
    const path = secret.path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const line = located.lineOf(path);
    throw new ConfigError(line ? `${located.file}:${line}` : located.file, `${secret.path}: ${secret.why}`);
  }
  return parsed.data;
}

/**
 * Reads a configuration file as UTF-8.
 * @param what what the file is, for the message (`rules`, `hooks`).
 * @throws ConfigError naming the path and the file system's code.
 */
async function readConfigText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, `cannot read the ${what} file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

export { parseLocatedYaml, validateLocated, readConfigText };
export type { LocatedYaml };
