import { z } from 'zod';
import { defineSettings } from '../../../../shared/config';

export { createAppRedactor, createRedactor, findLiteralSecrets, resolveSecretReference } from '../../../../shared/governance';

/** A settings group with one secret and one public setting. */
function defineSettingsForTest() {
  return defineSettings('test', 'test settings', {
    TEST_SECRET_TOKEN: { schema: z.string().optional(), description: 'a secret', secret: true },
    TEST_PUBLIC: { schema: z.string().optional(), description: 'not a secret' },
  });
}

export { defineSettingsForTest };
