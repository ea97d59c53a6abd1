import { ConfigError } from '../errors';
import { DestinationNameSchema, PlanActionsSchema, type DestinationName, type PlanActions, type PlanActionsInput } from './deliveryTypes';

/** What a plan's `destinations` list asks for. `destinations` is empty when the plan names none (use the defaults). */
interface PlanDelivery {
  destinations: DestinationName[];
  planActions: PlanActions;
}

/**
 * Reads a plan's `destinations` entries: a name (`teams`) or a name with options
 * (`pagerduty:acknowledge,status-update,resolve`, `servicenow:impact=2,urgency=1,resolve`,
 * `azure-monitor:acknowledge,close`). Options only allow; resolving and closing still need the
 * plan's `autonomous` mode. A bad entry is a ConfigError naming it (plans are checked at load).
 */
function planDeliveryOf(planId: string, entries: readonly string[]): PlanDelivery {
  const destinations: DestinationName[] = [];
  const actions: NonNullable<PlanActionsInput> = {};
  entries.forEach((entry, index) => {
    const where = `plan ${planId}: destinations[${index}]`;
    const [rawName, rawOptions] = entry.split(':', 2) as [string, string | undefined];
    const name = DestinationNameSchema.safeParse(rawName.trim().toLowerCase());
    if (!name.success) throw new ConfigError(where, `unknown destination '${rawName}' (expected ${DestinationNameSchema.options.join(', ')})`);
    if (!destinations.includes(name.data)) destinations.push(name.data);
    const options = (rawOptions ?? '').split(',').map((o) => o.trim()).filter((o) => o.length > 0);
    for (const option of options) applyOption(where, name.data, option, actions);
  });
  const parsed = PlanActionsSchema.safeParse(actions);
  if (!parsed.success) throw new ConfigError(`plan ${planId}: destinations`, parsed.error.issues.map((i) => i.message).join('; '));
  return { destinations, planActions: parsed.data };
}

function applyOption(where: string, name: DestinationName, option: string, actions: NonNullable<PlanActionsInput>): void {
  const [key, value] = option.split('=', 2) as [string, string | undefined];
  const bad = (): never => {
    throw new ConfigError(where, `option '${option}' is not valid for ${name}`);
  };
  switch (name) {
    case 'pagerduty': {
      const target = (actions.pagerduty ??= {});
      if (value !== undefined) bad();
      if (key === 'acknowledge') target.acknowledge = true;
      else if (key === 'status-update') target.statusUpdate = true;
      else if (key === 'resolve') target.resolve = true;
      else bad();
      return;
    }
    case 'servicenow': {
      const target = (actions.servicenow ??= {});
      if (key === 'resolve' && value === undefined) target.resolve = true;
      else if ((key === 'impact' || key === 'urgency') && (value === '1' || value === '2' || value === '3')) target[key] = value;
      else bad();
      return;
    }
    case 'azure-monitor': {
      const target = (actions['azure-monitor'] ??= {});
      if (value !== undefined) bad();
      if (key === 'acknowledge') target.acknowledge = true;
      else if (key === 'close') target.close = true;
      else bad();
      return;
    }
    default:
      bad();
  }
}

export { planDeliveryOf };
export type { PlanDelivery };
