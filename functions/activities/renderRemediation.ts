import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { renderRemediation, renderRemediationInputSchema, type RenderRemediationOutput } from '../../shared/investigation';

/** Fills a remediation action's arguments (and its verification check's) from the evidence. */
async function renderRemediationActivity(input: unknown): Promise<RenderRemediationOutput> {
  return renderRemediation(renderRemediationInputSchema.parse(input));
}

df.app.activity(ActivityNames.renderRemediation, { handler: renderRemediationActivity });

export { renderRemediationActivity };
