import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { listTasksHttp, pauseHttp, runTaskHttp, tickHttp } from '../../shared/scheduler';

// Scheduled tasks (docs/tasks.md): list with state and last runs, run now, pause and resume, and
// one scheduler tick on demand (master key; the devhost tests drive the clock with it).
const client = [df.input.durableClient()];
app.http('listTasks', { methods: ['GET'], authLevel: 'function', route: 'tasks', handler: listTasksHttp });
app.http('runTask', { methods: ['POST'], authLevel: 'function', route: 'tasks/{id}/run', extraInputs: client, handler: runTaskHttp });
app.http('pauseTask', { methods: ['POST'], authLevel: 'function', route: 'tasks/{id}/pause', handler: pauseHttp(true) });
app.http('resumeTask', { methods: ['POST'], authLevel: 'function', route: 'tasks/{id}/resume', handler: pauseHttp(false) });
app.http('tickTaskScheduler', { methods: ['POST'], authLevel: 'admin', route: 'tasks/tick', extraInputs: client, handler: tickHttp });
