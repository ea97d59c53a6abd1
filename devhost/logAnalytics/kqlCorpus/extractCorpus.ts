/**
 * Builds the real-query corpus (`test/fixtures/kql-corpus/corpus.jsonl`) from the verbatim source
 * excerpts listed in `sources.json`: each query keeps the repository, path, commit and licence it
 * was copied from. Markdown excerpts give their fenced ```kusto / ```kql / ```query blocks, Azure
 * Monitor baseline-alerts YAML its `Log` alerts' `properties.query`, and `.kql` / `.txt` files
 * their whole text (one query each). Exact duplicates are kept once, so a query copied into two
 * pages does not count twice.
 *
 * `node dist/devhost/logAnalytics/kqlCorpus/extractCorpus.js [fixture-dir]`
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** One excerpt file and where it was copied from. */
const CorpusSourceSchema = z.object({
  file: z.string().min(1),
  format: z.enum(['markdown', 'baseline-alerts-yaml', 'kql-file']),
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  path: z.string().min(1),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  licence: z.enum(['MIT', 'CC-BY-4.0']),
});

const CorpusSourcesSchema = z.object({ sources: z.array(CorpusSourceSchema).min(1) });

/** One corpus entry: a query and its attribution. */
const CorpusQuerySchema = z.object({
  id: z.string().min(1),
  repo: z.string(),
  path: z.string(),
  commit: z.string(),
  licence: z.string(),
  query: z.string().min(1),
});

// The baseline-alerts YAML: a list of alerts; only `Log` alerts carry a query.
const BaselineAlertsSchema = z.array(
  z.object({ name: z.string(), type: z.string(), properties: z.object({ query: z.string().optional() }).passthrough() }).passthrough(),
);

type CorpusSource = z.infer<typeof CorpusSourceSchema>;
type CorpusQuery = z.infer<typeof CorpusQuerySchema>;

// A fence opening a KQL block, possibly inside a list item (`* ```Kusto`), and any fence closing it.
const OPEN_FENCE = /^(\s*(?:[*-]\s+)?)```\s*(kusto|kql|query)\s*$/i;
const CLOSE_FENCE = /^\s*```\s*$/;

/** The KQL blocks of a Markdown text, with the indentation of list items removed. */
function markdownQueries(text: string): string[] {
  const queries: string[] = [];
  let block: string[] | undefined;
  let indent = 0;
  for (const line of text.split(/\r?\n/)) {
    if (block === undefined) {
      const open = OPEN_FENCE.exec(line);
      if (open) {
        block = [];
        indent = open[1]!.length;
      }
      continue;
    }
    if (CLOSE_FENCE.test(line)) {
      queries.push(block.join('\n'));
      block = undefined;
      continue;
    }
    block.push(line.slice(0, indent).trim() === '' ? line.slice(indent) : line);
  }
  return queries;
}

function sourceQueries(source: CorpusSource, text: string): string[] {
  switch (source.format) {
    case 'markdown':
      return markdownQueries(text);
    case 'baseline-alerts-yaml':
      return BaselineAlertsSchema.parse(parseYaml(text))
        .filter((alert) => alert.type === 'Log' && alert.properties.query !== undefined)
        .map((alert) => alert.properties.query!);
    case 'kql-file':
      return [text];
  }
}

/** Every query of the fixture directory's sources, deduplicated, in source order. */
function extractCorpus(fixtureDir: string): CorpusQuery[] {
  const { sources } = CorpusSourcesSchema.parse(JSON.parse(readFileSync(join(fixtureDir, 'sources.json'), 'utf8')));
  const seen = new Set<string>();
  const corpus: CorpusQuery[] = [];
  for (const source of sources) {
    const queries = sourceQueries(source, readFileSync(join(fixtureDir, source.file), 'utf8'));
    queries.forEach((raw, index) => {
      const query = raw.trim();
      if (query === '' || seen.has(query)) return;
      seen.add(query);
      corpus.push({ id: `${source.file.replace(/^sources\//, '')}#${index + 1}`, repo: source.repo, path: source.path, commit: source.commit, licence: source.licence, query });
    });
  }
  return corpus;
}

/** Reads `corpus.jsonl` back, validating every line. */
function readCorpus(fixtureDir: string): CorpusQuery[] {
  return readFileSync(join(fixtureDir, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => CorpusQuerySchema.parse(JSON.parse(line)));
}

/** The fixture directory of the repository this file belongs to (compiled under `dist/` or not). */
function defaultFixtureDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return join(dir, 'test', 'fixtures', 'kql-corpus');
}

if (require.main === module) {
  const dir = resolve(process.argv[2] ?? defaultFixtureDir());
  const corpus = extractCorpus(dir);
  writeFileSync(join(dir, 'corpus.jsonl'), corpus.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
  console.log(`Wrote ${corpus.length} queries to ${join(dir, 'corpus.jsonl')}`);
}

export type { CorpusQuery, CorpusSource };
export { CorpusQuerySchema, CorpusSourceSchema, extractCorpus, readCorpus, defaultFixtureDir, markdownQueries };
