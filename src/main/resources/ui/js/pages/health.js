// Health: throughput, rejections, queue, outputs, version and uptime, sampled every few seconds.
import {getJson} from '../api.js';
import {h, mount} from '../dom.js';
import {duration, number} from '../format.js';

const EVERY_MS = 3000;

export function render(main) {
  document.title = 'Health \u00B7 falco-correlator';
  const body = h('div', {id: 'health'});
  mount(main, h('div', {class: 'page-head'}, h('h1', null, 'Health'), h('p', {class: 'sub'}, `sampled every ${EVERY_MS / 1000} s`)), body);
  let previous = null;
  const controller = new AbortController();
  async function sample() {
    try {
      const now = await getJson('/api/v1/health', {}, controller.signal);
      draw(body, now, previous);
      previous = now;
    } catch (e) {
      if (e.name !== 'AbortError') mount(body, h('p', {class: 'message error'}, `Cannot load health: ${e.message}`));
    }
  }
  sample();
  const timer = setInterval(sample, EVERY_MS);
  return () => { clearInterval(timer); controller.abort(); };
}

function rate(now, prev, pick) {
  if (!prev) return null;
  const dt = (new Date(now.sampled_at) - new Date(prev.sampled_at)) / 1000;
  return dt > 0 ? Math.max(0, (pick(now) - pick(prev)) / dt) : null;
}

function stat(label, value, id) {
  return h('div', {class: 'stat', id}, h('span', {class: 'stat-label'}, label), h('b', null, value));
}

function draw(el, now, prev) {
  const a = now.alerts || {};
  const perSecond = rate(now, prev, (x) => (x.alerts || {}).accepted || 0);
  const q = now.queue || {};
  const rejected = Object.entries(a.rejected || {}).sort((x, y) => y[1] - x[1]);
  const outcomes = Object.entries(now.correlation_outcomes || {}).sort((x, y) => y[1] - x[1]);
  mount(el,
    h('section', {class: 'stats', 'aria-label': 'Summary'},
      stat('alerts/s', perSecond === null ? 'measuring\u2026' : perSecond.toFixed(1), 'stat-rate'),
      stat('received', number(a.received || 0)), stat('accepted', number(a.accepted || 0), 'stat-accepted'),
      stat('rejected', number(rejected.reduce((s, [, n]) => s + n, 0))),
      stat('queue', `${number(q.depth || 0)} / ${number(q.capacity || 0)}`, 'stat-queue'),
      stat('contexts', number(now.contexts || 0)), stat('composites', number((now.composites || {}).total || 0)),
      stat('version', now.version || '?', 'stat-version'), stat('uptime', duration(now.uptime_seconds || 0), 'stat-uptime')),
    h('div', {class: 'two'},
      h('section', {class: 'card', 'aria-labelledby': 'rej-h'}, h('h2', {id: 'rej-h'}, 'Rejected, by reason'),
        rejected.length === 0 ? h('p', {class: 'sub'}, 'Nothing rejected.')
          : h('table', {class: 'grid', id: 'rejected'}, h('tbody', null, rejected.map(([r, n]) => h('tr', null, h('td', {class: 'mono'}, r), h('td', {class: 'num'}, number(n))))))),
      h('section', {class: 'card', 'aria-labelledby': 'out-h'}, h('h2', {id: 'out-h'}, 'What the correlator did'),
        h('table', {class: 'grid'}, h('tbody', null, outcomes.map(([r, n]) => h('tr', null, h('td', {class: 'mono'}, r.replace(/_/g, ' ')), h('td', {class: 'num'}, number(n)))))))),
    h('section', {class: 'card', 'aria-labelledby': 'o-h'}, h('h2', {id: 'o-h'}, 'Outputs'),
      (now.outputs || []).length === 0 ? h('p', {class: 'sub'}, 'No outputs configured: composites are logged and kept for the API.')
        : h('table', {class: 'grid', id: 'outputs'},
          h('thead', null, h('tr', null, ['Output', 'State', 'Queued', 'Delivered', 'Retried', 'Failed', 'Dead letters'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, now.outputs.map((o) => {
            const state = o.dead_lettered > 0 ? '\u2716 dead letters' : o.queued > 0 && o.retried > 0 ? '\u21BB retrying' : o.queued > 0 ? '\u2026 queued' : '\u2714 ok';
            return h('tr', null, h('td', {class: 'mono'}, o.name), h('td', null, state), h('td', {class: 'num'}, number(o.queued)),
              h('td', {class: 'num'}, number(o.delivered)), h('td', {class: 'num'}, number(o.retried)), h('td', {class: 'num'}, number(o.failed)),
              h('td', {class: 'num'}, number(o.dead_lettered)));
          })))));
}
