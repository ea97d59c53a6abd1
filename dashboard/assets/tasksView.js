import { api, link } from './api.js';
import { facts, h, pill, when } from './dom.js';

const STATE_CLASS = { scheduled: 's-Running', paused: 's-Pending', disabled: 'v-pending', failed: 's-Failed', ended: 'v-pending' };
const RUN_CLASS = { healthy: 'v-supported', problem: 'v-refuted', inconclusive: 'v-inconclusive', failed: 's-Failed', skipped: 'v-pending', running: 's-Running' };

function runRow(run) {
  return h('tr', {},
    h('td', { class: 'w-time' }, when(run.slot)),
    h('td', { class: 'w-7' }, run.trigger),
    h('td', { class: 'w-7' }, pill(run.status, RUN_CLASS[run.status] ?? 'v-pending')),
    h('td', {}, run.status === 'skipped' || !run.instanceId ? run.detail : h('a', { href: link(`investigations/${encodeURIComponent(run.instanceId)}`) }, run.detail || run.instanceId)));
}

/** Scheduled tasks: state, next run, the last runs with their outcome; run now, pause, resume. */
function tasksView(main) {
  async function act(task, verb) {
    try {
      await api(`tasks/${encodeURIComponent(task.id)}/${verb}`, { method: 'POST', body: {} });
      await refresh();
    } catch (error) {
      main.querySelector(`[data-task="${CSS.escape(task.id)}"] [role="alert"]`).textContent = error.message;
    }
  }
  async function refresh() {
    const { tasks } = await api('tasks');
    main.replaceChildren(...[
      h('h1', {}, `Scheduled tasks (${tasks.length})`),
      tasks.length === 0 ? h('p', { class: 'muted' }, 'No task is defined (tasks/*.yaml, docs/tasks.md).') : null,
      ...tasks.map((task) => h('article', { class: 'panel', 'data-task': task.id },
        h('div', {}, h('strong', {}, task.id), ' ', pill(task.state, STATE_CLASS[task.state] ?? 'v-pending')),
        h('p', {}, task.description),
        facts([
          ['Schedule', `${task.schedule} (${task.timeZone})`], ['Next run', task.nextRun ? when(task.nextRun) : '–'], ['Plan', task.plan],
          ['Failures in a row', String(task.consecutiveFailures)], ['Running now', task.runningRun],
        ]),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => act(task, 'run'), disabled: Boolean(task.runningRun) }, 'Run now'),
          task.state === 'paused' || task.state === 'failed'
            ? h('button', { type: 'button', onclick: () => act(task, 'resume') }, 'Resume')
            : h('button', { type: 'button', onclick: () => act(task, 'pause') }, 'Pause')),
        h('p', { class: 'error', role: 'alert' }),
        task.lastRuns.length ? h('table', {}, h('tbody', {}, task.lastRuns.map(runRow))) : h('p', { class: 'muted' }, 'No run yet.'))),
    ].filter(Boolean));
  }
  return { refresh, intervalMs: 5000 };
}

export { tasksView };
