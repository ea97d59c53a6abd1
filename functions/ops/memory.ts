import { app } from '@azure/functions';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';
import { memoryHttp } from '../../shared/memory/memoryHttp';

// Incident memory (docs/memory.md): GET /api/memory?service=&limit=; GET and DELETE /api/memory/{id};
// POST /api/memory/facts {service, text}; GET /api/memory/learnings?service=&limit=.
app.http('listMemory', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'memory', handler: withOpsAuth(memoryHttp.list) });
app.http('getMemory', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'memory/{id}', handler: withOpsAuth(memoryHttp.get) });
app.http('forgetMemory', { methods: ['DELETE'], authLevel: opsAuthLevel(), route: 'memory/{id}', handler: withOpsAuth(memoryHttp.forget) });
app.http('addMemoryFact', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'memory/facts', handler: withOpsAuth(memoryHttp.addFact) });
app.http('listMemoryLearnings', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'memory/learnings', handler: withOpsAuth(memoryHttp.listLearnings) });
