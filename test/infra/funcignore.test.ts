import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isIgnored, parseIgnoreRules } from './ignoreRules';
import { readRepoFile, repoRoot } from './bicepText';

/** Every file under a repository folder, as `/`-separated paths from the root. */
function filesUnder(folder: string): string[] {
  const absolute = join(repoRoot, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(absolute, entry))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(repoRoot, path).split('\\').join('/'));
}

describe('.funcignore', () => {
  const rules = parseIgnoreRules(readRepoFile('.funcignore'));
  const packageJson = JSON.parse(readRepoFile('package.json')) as { main: string; dependencies: Record<string, string> };

  it('keeps every compiled function and shared module the package.json main glob loads', () => {
    // Prepare: tests run after tsc, so dist/ holds the real compiled tree
    const compiled = [...filesUnder('dist/functions'), ...filesUnder('dist/shared')].filter((f) => f.endsWith('.js'));

    // Act
    const dropped = compiled.filter((f) => isIgnored(rules, f));

    // Assess
    expect(packageJson.main).toBe('dist/functions/**/*.js');
    expect(compiled.length).toBeGreaterThan(20);
    expect(dropped).toEqual([]);
  });

  it('keeps host.json, package.json, the bundled plans and the config files (rules, MCP servers) the app reads at run time', () => {
    // Prepare
    const needed = ['host.json', 'package.json', ...filesUnder('plans'), 'config/rules.yaml', 'config/mcp.yaml'];

    // Act
    const dropped = needed.filter((f) => isIgnored(rules, f));

    // Assess
    expect(needed.length).toBeGreaterThan(3);
    expect(dropped).toEqual([]);
  });

  it('keeps the production dependencies', () => {
    // Prepare
    const manifests = Object.keys(packageJson.dependencies).map((name) => `node_modules/${name}/package.json`);

    // Act
    const dropped = manifests.filter((f) => isIgnored(rules, f));

    // Assess
    expect(manifests.length).toBeGreaterThan(5);
    expect(dropped).toEqual([]);
  });

  it('drops TypeScript sources, tests, scenarios, the devhost and their compiled output', () => {
    // Prepare
    const unwanted = [
      ...filesUnder('functions'),
      ...filesUnder('shared'),
      ...filesUnder('devhost'),
      ...filesUnder('test'),
      ...filesUnder('scenarios'),
      ...filesUnder('bench'),
      ...filesUnder('dist/test'),
      ...filesUnder('dist/devhost'),
      ...filesUnder('dist/scenarios'),
      ...filesUnder('infra'),
      'local.settings.json',
      'tsconfig.json',
      'jest.config.js',
    ];

    // Act
    const kept = unwanted.filter((f) => !isIgnored(rules, f));

    // Assess
    expect(unwanted.length).toBeGreaterThan(50);
    expect(kept).toEqual([]);
  });

  it('is read with the same rules the tests use: a pattern outside the supported subset is refused', () => {
    // Prepare / Act / Assess
    expect(() => parseIgnoreRules('!dist/test/keep.js')).toThrow(/unsupported/);
    expect(isIgnored(parseIgnoreRules('functions/'), 'dist/functions/a.js')).toBe(true);
    expect(isIgnored(parseIgnoreRules('/functions/'), 'dist/functions/a.js')).toBe(false);
    expect(isIgnored(parseIgnoreRules('/functions/'), 'functions/a.ts')).toBe(true);
    expect(isIgnored(parseIgnoreRules('/dist/**/*.map'), 'dist/shared/x/y.js.map')).toBe(true);
  });
});
