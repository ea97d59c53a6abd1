import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { fieldProblemsFromZod, NotFoundError, ValidationError } from '../errors';
import { approverFrom } from '../governance/approvals/approverIdentity';
import { governanceSettings } from '../governance/governanceSettings';
import { problem, problemResponse } from '../http/problemResponse';
import { findTask, listTasks, runTaskNow, setTaskPaused, tickScheduler } from './taskOps';
import { TASK_ID_PATTERN } from './taskSchema';
import type { ScheduledTask } from './taskSchema';
import type { LoadedTasks } from './taskRegistry';

const NO_STORE = { 'cache-control': 'no-store' };

/** The task named by the route, or the problem answer: 400 for an id that cannot be a task id, 404 for an unknown one. */
async function taskOf(request: HttpRequest): Promise<{ task: ScheduledTask; loaded: LoadedTasks } | HttpResponseInit> {
  const id = request.params.id ?? '';
  if (!TASK_ID_PATTERN.test(id)) {
    return problemResponse(new ValidationError('the task id is not valid', [{ path: 'id', message: `must match ${TASK_ID_PATTERN.source}` }]).toProblem());
  }
  return (await findTask(id)) ?? problemResponse(new NotFoundError(`no task ${id}`).toProblem());
}

const actorOf = (request: HttpRequest): string => approverFrom(request.headers, governanceSettings.load().GOVERNANCE_TRUST_PLATFORM_IDENTITY);

/** `GET /api/tasks`: each task with its state, next run and latest runs. */
async function listTasksHttp(): Promise<HttpResponseInit> {
  return { jsonBody: { tasks: await listTasks() }, headers: NO_STORE };
}

/** `POST /api/tasks/{id}/run`: 202 with the run's id; 409 while a run of the task is going. */
async function runTaskHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const found = await taskOf(request);
  if (!('task' in found)) return found;
  const result = await runTaskNow(() => df.getClient(context), found.task, found.loaded, actorOf(request));
  if (result.kind !== 'started') {
    const runningId = result.kind === 'busy' ? result.runningId : result.instanceId;
    return problem(409, 'task-busy', `a run of task ${found.task.id} is still going (${runningId}); try again when it ends`, { running: runningId });
  }
  const self = `/api/investigations/${result.instanceId}`;
  return { status: 202, headers: { location: self, ...NO_STORE }, jsonBody: { id: result.instanceId, links: { self, reportMarkdown: `${self}/report.md` } } };
}

/** `POST /api/tasks/{id}/pause` and `/resume`. */
function pauseHttp(paused: boolean) {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const found = await taskOf(request);
    if (!('task' in found)) return found;
    const state = await setTaskPaused(found.task, paused, actorOf(request));
    return { jsonBody: { id: found.task.id, paused: state.paused, failed: state.failed, consecutiveFailures: state.consecutiveFailures }, headers: NO_STORE };
  };
}

const tickBodySchema = z.object({ at: z.iso.datetime({ offset: true }).optional() }).strict();

/**
 * `POST /api/tasks/tick` (master key) with `{at?}`: runs one scheduler tick now, or at `at`.
 * `at` may not be in the future: a tick at a past time only catches up on slots due by then
 * (and finds nothing once the scheduler is past it), so it cannot start a run early.
 */
async function tickHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const text = await request.text();
  let raw: unknown = {};
  try {
    if (text.trim()) raw = JSON.parse(text);
  } catch {
    return problemResponse(new ValidationError('the body is not valid JSON', [{ path: '', message: 'invalid JSON' }]).toProblem());
  }
  const body = tickBodySchema.safeParse(raw);
  if (!body.success) return problemResponse(new ValidationError('the body is not a valid tick request', fieldProblemsFromZod(body.error.issues)).toProblem());
  const now = new Date();
  const at = body.data.at ? new Date(body.data.at) : now;
  if (at.getTime() > now.getTime()) return problemResponse(new ValidationError('the tick time is in the future', [{ path: 'at', message: 'must not be later than now' }]).toProblem());
  return { jsonBody: await tickScheduler(() => df.getClient(context), at), headers: NO_STORE };
}

export { listTasksHttp, runTaskHttp, pauseHttp, tickHttp };
