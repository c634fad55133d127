// Watchlist: contexts part-way to a case, closest to Critical first, refreshed live.
import {getJson, subscribe} from '../api.js';
import {h, mount} from '../dom.js';
import {ago, duration, groupLabel, severityBadge, clip} from '../format.js';

export function render(main) {
  document.title = 'Watchlist \u00B7 falco-correlator';
  const tbody = h('tbody', {id: 'watch-rows'});
  const message = h('p', {class: 'message', role: 'status', id: 'watch-message'});
  mount(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Watchlist'),
      h('p', {class: 'sub'}, 'Containers and hosts part-way to a case: what is brewing before it fires. Closest to Critical first.')),
    message,
    h('table', {class: 'grid watch', id: 'watchlist'},
      h('colgroup', null, ['rank', 'wcase', 'ctr', 'ns', 'node', 'groups', 'needed', 'left'].map((c) => h('col', {class: 'c-' + c}))),
      h('thead', null, h('tr', null, ['#', 'Closest case', 'Container / image', 'Namespace / pod', 'Node', 'Groups seen', 'Still needed', 'Time left']
        .map((t) => h('th', {scope: 'col'}, t)))),
      tbody));
  let entries = [];
  let fetchedAt = Date.now();
  let pending = null;
  const controller = new AbortController();

  async function load() {
    pending = null;
    try {
      const body = await getJson('/api/v1/watchlist', {limit: 200}, controller.signal);
      entries = body.entries || [];
      fetchedAt = Date.now();
      draw();
      message.textContent = entries.length === 0 ? 'Nothing part-way to a case right now.'
        : `${entries.length} context${entries.length === 1 ? '' : 's'} part-way to a case`;
      message.classList.remove('error');
    } catch (e) {
      if (e.name === 'AbortError') return;
      message.textContent = `Cannot load the watchlist: ${e.message}`;
      message.classList.add('error');
    }
  }

  let clocks = [];
  function draw() {
    clocks = [];
    mount(tbody, entries.map((e, i) => {
      const ctx = e.context || {};
      const best = (e.reachable || [])[0] || {};
      const left = h('td', {class: 'num left'});
      clocks.push({cell: left, seconds: e.window_remaining_seconds});
      return h('tr', {'data-container': ctx.container_id || '', 'data-host': ctx.hostname || '',
        'data-cases': (e.reachable || []).map((r) => r.case_id).join(' ')},
        h('td', {class: 'num'}, String(e.rank || i + 1)),
        h('td', null, best.severity ? severityBadge(best.severity) : null, ' ', best.case || '',
          (e.reachable || []).length > 1 ? clip('also: ' + e.reachable.slice(1).map((r) => r.case).join(', '), 'sub') : null),
        h('td', {class: 'ctr'}, clip(ctx.container_name || ctx.container_id || 'host', 'mono'), clip(ctx.image, 'sub mono')),
        h('td', null, clip(ctx.k8s_ns_name), clip(ctx.k8s_pod_name, 'sub mono')),
        h('td', null, clip(ctx.hostname, 'mono sub')),
        h('td', {class: 'groups'}, (e.groups || []).map((g) => h('span', {class: 'chip seen', title: `${g.count} alerts, last ${ago(g.last)}`},
          '\u2713 ', groupLabel(g.group), h('span', {class: 'sub'}, ` \u00D7${g.count}`)))),
        h('td', {class: 'groups'}, (best.missing || []).map((g) => h('span', {class: 'chip missing'}, '\u2026 ', groupLabel(g)))),
        left);
    }));
    tick();
  }

  // Only the countdowns change between loads: the rows stay put (focus, selection, hover).
  function tick() {
    const elapsed = (Date.now() - fetchedAt) / 1000;
    for (const {cell, seconds} of clocks) {
      const left = typeof seconds === 'number' ? seconds - elapsed : null;
      cell.textContent = left === null ? '\u2013' : left <= 0 ? 'expired' : duration(left);
      cell.classList.toggle('urgent', left !== null && left < 120);
    }
  }

  const schedule = () => { if (!pending) pending = setTimeout(load, 300); };
  const offs = ['watchlist.changed', 'incident.created'].map((t) => subscribe(t, schedule));
  const ticker = setInterval(tick, 1000);
  const poll = setInterval(load, 15000);
  load();
  return () => { controller.abort(); offs.forEach((o) => o()); clearInterval(ticker); clearInterval(poll); clearTimeout(pending); };
}
