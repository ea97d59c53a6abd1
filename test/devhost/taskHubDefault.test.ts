import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { taskHubName } from '../../devhost/host';
import { applyLocalDefaults } from '../../devhost/localStack';

const repoRoot = resolve(__dirname, '..', '..', '..');

describe('TASKHUB_NAME', () => {
  it('is, when unset, the default docs/configuration.md states, in the task hub the local stack uses', () => {
    // Prepare: the documented default, and the app's host.json
    const documented = /^\| `TASKHUB_NAME` \| `([^`]+)` \|/m.exec(readFileSync(join(repoRoot, 'docs', 'configuration.md'), 'utf8'))?.[1];
    const hostJson = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as Record<string, unknown>;
    const env: NodeJS.ProcessEnv = {};

    // Act: what npm start, the demo and the evaluation do before the devhost reads host.json
    applyLocalDefaults(env);

    // Assess
    expect(documented).toBe('IncidentResponder');
    expect(taskHubName(hostJson, env)).toBe(documented);
    expect(taskHubName(hostJson, { TASKHUB_NAME: 'Blue2' })).toBe('Blue2');
  });
});
