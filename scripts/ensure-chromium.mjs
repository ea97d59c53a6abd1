// The dashboard tests drive Debian's Chromium (never a browser a test tool downloads). On a fresh
// machine of this project's kind nothing has installed it yet, so `npm test` installs it with apt
// when it runs as root; otherwise it says what to run. CHROMIUM_PATH points elsewhere if wanted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Chromium is not at ${path}: install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH`);
  }
  console.error(`Chromium is not at ${path}: installing Debian's chromium package for the dashboard tests...`);
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status})`);
  }
  if (!existsSync(path)) throw new Error(`apt-get installed chromium, but ${path} does not exist`);
}

export { ensureChromium };
