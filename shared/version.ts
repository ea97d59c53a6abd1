import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The app version from package.json, read once (the compiled file sits two levels below the root). */
const appVersion: string = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

export { appVersion };
