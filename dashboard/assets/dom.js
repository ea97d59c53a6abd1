// Building blocks for the views: elements are made with textContent, never innerHTML, so alert
// text, tool output and model words cannot become markup.

/** h('td', {class: 'x'}, 'text', child) */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function pill(text, className) {
  return h('span', { class: `pill ${className}` }, text);
}

function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}

function cost(usd) {
  return usd === null || usd === undefined ? '–' : `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

function percent(x) {
  return x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`;
}

/** A definition list of [label, value] pairs; values may be nodes. */
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export { h, pill, when, duration, cost, percent, facts };
