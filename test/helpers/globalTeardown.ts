import { rmSync } from 'node:fs';

/** Stops the run's Azurite and removes its data folder. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__AZURITE__?.stop();
  const location = process.env.TEST_AZURITE_LOCATION;
  if (location) rmSync(location, { recursive: true, force: true });
}
