import type { DeploymentFacts } from './deploymentFacts';
import type { RecommendedAction } from './reportSchema';

const ROLLBACK = /\b(roll(ing)?[ -]?back|rollback|revert|redeploy the previous|previous (revision|version))\b/i;

/** The rollback the evidence supports, naming the app and the revision or version to return to. */
function rollbackAction(facts: DeploymentFacts): string | undefined {
  const { app, previousRevision, previousVersion, currentRevision, currentVersion } = facts;
  const appName = app ? `\`${app.name}\`` : 'the service';
  if (previousRevision) {
    const version = previousVersion ? ` (version ${previousVersion})` : '';
    const off = currentRevision ? `, moving all traffic off \`${currentRevision}\`${currentVersion ? ` (${currentVersion})` : ''}` : '';
    const command =
      app?.kind === 'containerapp' && app.resourceGroup
        ? `: \`az containerapp ingress traffic set -n ${app.name} -g ${app.resourceGroup} --revision-weight ${previousRevision}=100\``
        : '';
    return `Roll back ${appName} to revision \`${previousRevision}\`${version}${off}${command}`;
  }
  if (previousVersion) {
    return `Roll back ${appName} to version \`${previousVersion}\`${currentVersion ? ` (the failing version is ${currentVersion})` : ''}: redeploy the ${previousVersion} build`;
  }
  return undefined;
}

/**
 * Makes generic rollback advice concrete: an action that says "roll back" without naming the
 * version to return to becomes the rollback the evidence supports (app, previous revision or
 * version, the command for Container Apps), citing the tool calls it comes from. Others are kept.
 */
function concreteActions(actions: ReadonlyArray<RecommendedAction>, facts: DeploymentFacts): RecommendedAction[] {
  const concrete = rollbackAction(facts);
  const previous = facts.previousRevision ?? facts.previousVersion;
  if (!concrete || !previous) return [...actions];
  return actions.map((item) => {
    if (!ROLLBACK.test(item.action) || item.action.includes(previous)) return item;
    const source = `the previous ${facts.previousRevision ? 'revision' : 'version'} is from evidence ${facts.toolCallIds.map((id) => `\`${id}\``).join(', ')}`;
    return { ...item, action: concrete, rationale: item.rationale ? `${item.rationale}; ${source}` : source };
  });
}

export { concreteActions, rollbackAction };
