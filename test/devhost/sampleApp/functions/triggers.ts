import { app, type EventGridEvent, type InvocationContext, type Timer } from '@azure/functions';
import { record } from './record';

app.timer('everySecond', {
  schedule: '*/1 * * * * *',
  runOnStartup: true,
  handler: (timer: Timer): void => {
    record(`timer:${timer.isPastDue}`);
  },
});

app.eventGrid('gridEvents', {
  handler: (event: EventGridEvent, context: InvocationContext): void => {
    record(`grid:${event.eventType}:${event.subject}:${context.functionName}`);
  },
});

app.timer('monitoredEveryTwoSeconds', {
  schedule: '*/2 * * * * *',
  useMonitor: true,
  handler: (timer: Timer): void => {
    record(`monitored:${timer.isPastDue}`);
  },
});
