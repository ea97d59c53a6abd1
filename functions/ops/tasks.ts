import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';
import { listTasksHttp, pauseHttp, runTaskHttp, tickHttp } from '../../shared/scheduler';

// Scheduled tasks (docs/tasks.md): list with state and last runs, run now, pause and resume, and
// one scheduler tick on demand (master key; the devhost tests drive the clock with it).
const client = [df.input.durableClient()];
app.http('listTasks', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'tasks', handler: withOpsAuth(listTasksHttp) });
app.http('runTask', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'tasks/{id}/run', extraInputs: client, handler: withOpsAuth(runTaskHttp) });
app.http('pauseTask', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'tasks/{id}/pause', handler: withOpsAuth(pauseHttp(true)) });
app.http('resumeTask', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'tasks/{id}/resume', handler: withOpsAuth(pauseHttp(false)) });
app.http('tickTaskScheduler', { methods: ['POST'], authLevel: 'admin', route: 'tasks/tick', extraInputs: client, handler: tickHttp });
