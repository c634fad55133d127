// Incidents: newest first, filtered by the URL, live through SSE without moving the list.
import {ApiError, getJson, query, subscribe} from '../api.js';
import {h, link, mount} from '../dom.js';
import {SEVERITIES, STATUSES, ago, groupLabel, number, severityBadge, statusBadge, time, timeEl, clip} from '../format.js';
import {navigate} from '../nav.js';

const FILTERS = ['severity', 'case', 'status', 'namespace', 'hostname', 'container', 'image', 'q', 'since', 'until', 'range'];
const RANGES = {'': 'any time', '1h': 'last hour', '6h': 'last 6 hours', '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days'};
const RANGE_SECONDS = {'1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800, '30d': 2592000};
const PAGE_SIZE = 50;

function filtersFromUrl() {
  const p = new URLSearchParams(location.search);
  const f = {};
  for (const k of FILTERS) f[k] = p.get(k) || '';
  f.cursor = p.get('cursor') || '';
  return f;
}

function apiParams(f) {
  const p = {limit: PAGE_SIZE, cursor: f.cursor};
  for (const k of FILTERS) if (k !== 'range' && f[k]) p[k] = f[k];
  if (f.range && RANGE_SECONDS[f.range] && !f.since) {
    p.since = new Date(Date.now() - RANGE_SECONDS[f.range] * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  }
  return p;
}

function urlFor(f) {
  const p = {};
  for (const k of [...FILTERS, 'cursor']) if (f[k]) p[k] = f[k];
  return '/ui/' + query(p);
}

export function render(main) {
  document.title = 'Incidents \u00B7 falco-correlator';
  const f = filtersFromUrl();
  const state = {rows: [], selected: 0, fresh: 0};
  const counts = h('div', {class: 'counts', id: 'counts', 'aria-label': 'Counts for these filters'});
  const freshBtn = h('button', {type: 'button', class: 'fresh', id: 'new-marker', hidden: true});
  const tbody = h('tbody', {id: 'incident-rows'});
  const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'});
  const message = h('p', {class: 'message', id: 'list-message', role: 'status'});
  const table = h('table', {class: 'grid incidents', id: 'incidents'},
    h('colgroup', null, ['sev', 'case', 'status', 'ctr', 'ns', 'node', 'groups', 'ev', 'time'].map((c) => h('col', {class: 'c-' + c}))),
    h('caption', {class: 'visually-hidden'}, 'Incidents, newest first. Keys: j and k move, Enter opens.'),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, 'Severity'), h('th', {scope: 'col'}, 'Case'), h('th', {scope: 'col'}, 'Status'),
      h('th', {scope: 'col'}, 'Container / image'), h('th', {scope: 'col'}, 'Namespace / pod'),
      h('th', {scope: 'col'}, 'Node'), h('th', {scope: 'col'}, 'Groups'), h('th', {scope: 'col', class: 'num'}, 'Ev.'),
      h('th', {scope: 'col'}, 'Last seen'))),
    tbody);

  mount(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Incidents'), counts, freshBtn),
    filterForm(f),
    message, table, pager);

  freshBtn.addEventListener('click', () => navigate(urlFor({...f, cursor: ''}), true));

  const controller = new AbortController();
  load();

  async function load() {
    message.textContent = 'Loading\u2026';
    const started = performance.now();
    try {
      const body = await getJson('/api/v1/incidents', apiParams(f), controller.signal);
      state.rows = body.incidents || [];
      mount(tbody, state.rows.map(row));
      renderCounts(counts, body, f);
      renderPager(pager, body, f);
      message.textContent = state.rows.length === 0 ? 'No incidents match these filters.'
        : `${number(body.total)} incident${body.total === 1 ? '' : 's'}` + (f.cursor ? ' (older page)' : '');
      select(0, false);
      main.dataset.rendered = String(Math.round(performance.now() - started));
      performance.mark('incidents-rendered');
    } catch (e) {
      if (e.name === 'AbortError') return;
      message.textContent = e instanceof ApiError && e.field ? `Filter "${e.field}": ${e.message}` : `Cannot load incidents: ${e.message}`;
      message.classList.add('error');
      mount(tbody);
    }
  }

  function select(i, focus = true) {
    const rows = tbody.querySelectorAll('tr');
    if (rows.length === 0) return;
    state.selected = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => r.setAttribute('aria-selected', String(j === state.selected)));
    if (focus) rows[state.selected].focus();
  }

  function onKey(ev) {
    if (ev.target.closest('input, select, textarea, button') || ev.metaKey || ev.ctrlKey || ev.altKey) return;
    if (ev.key === 'j') { select(state.selected + 1); ev.preventDefault(); }
    else if (ev.key === 'k') { select(state.selected - 1); ev.preventDefault(); }
    else if (ev.key === 'Enter') {
      const r = state.rows[state.selected];
      if (r) { navigate(incidentPath(r.id)); ev.preventDefault(); }
    } else if (ev.key === '/') { document.getElementById('f-q').focus(); ev.preventDefault(); }
  }
  document.addEventListener('keydown', onKey);
  tbody.addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr');
    if (tr) select([...tbody.children].indexOf(tr), false);
  });

  // "N new" counts the new incidents that match these filters. The server decides what matches
  // (its filter semantics, free text included): once a burst of events has passed, it is asked
  // how many incidents match and were created since the first new one.
  const news = {seen: 0, since: null, timer: null};
  const offCreated = subscribe('incident.created', (summary) => {
    news.seen += 1;
    if (news.since === null || Date.parse(summary.created_at) < Date.parse(news.since)) news.since = summary.created_at;
    clearTimeout(news.timer);
    news.timer = setTimeout(() => countFresh(news.seen), 250);
  });

  async function countFresh(seen) {
    const p = {...apiParams({...f, cursor: ''}), limit: 1};
    if (!p.since || Date.parse(p.since) < Date.parse(news.since)) p.since = news.since;
    try {
      const body = await getJson('/api/v1/incidents', p, controller.signal);
      state.fresh = body.total;
      freshBtn.hidden = state.fresh === 0;
      freshBtn.textContent = `${number(state.fresh)} new \u2013 show`;
      freshBtn.setAttribute('aria-label', `${state.fresh} new incident${state.fresh === 1 ? '' : 's'} matching these filters; show them`);
    } catch (e) {
      if (e.name === 'AbortError') return;
      // The count stays as it was; the next event asks again.
    }
    freshBtn.dataset.counted = String(seen);
  }
  const offUpdated = subscribe('incident.updated', (summary) => {
    const i = state.rows.findIndex((r) => r.id === summary.id);
    if (i < 0) return;
    state.rows[i] = summary;
    const old = tbody.children[i];
    const fresh = row(summary);
    fresh.setAttribute('aria-selected', old.getAttribute('aria-selected'));
    old.replaceWith(fresh);
  });

  return () => {
    controller.abort();
    clearTimeout(news.timer);
    document.removeEventListener('keydown', onKey);
    offCreated();
    offUpdated();
  };
}

export function incidentPath(id) {
  return '/ui/incidents/' + encodeURIComponent(id);
}

function row(inc) {
  const ctx = inc.context || {};
  const container = ctx.container_name || ctx.container_id || (ctx.scope ? ctx.scope : 'host');
  return h('tr', {tabindex: '-1', 'data-id': inc.id, 'data-severity': inc.severity, 'data-case-id': inc.case_id, 'data-host': ctx.hostname || ''},
    h('td', null, severityBadge(inc.severity)),
    h('td', {class: 'case'}, link(incidentPath(inc.id), {class: 'case-link'}, inc.case),
      inc.escalated_from ? h('span', {class: 'tag', title: 'escalated from a less severe incident'}, 'escalated') : null),
    h('td', null, statusBadge(inc.status, inc.resolution)),
    h('td', {class: 'ctr'}, clip(container, 'mono'), clip(ctx.image, 'sub mono')),
    h('td', null, clip(ctx.k8s_ns_name), clip(ctx.k8s_pod_name, 'sub mono')),
    h('td', null, clip(ctx.hostname, 'mono sub')),
    h('td', {class: 'groups'}, (inc.groups || []).map((g) => h('span', {class: 'chip'}, groupLabel(g)))),
    h('td', {class: 'num'}, number(inc.evidence_count)),
    h('td', null, timeEl(inc.last_seen, ago(inc.last_seen)), h('span', {class: 'clip sub'}, time(inc.last_seen))));
}

function filterForm(f) {
  const field = (name, label, input) => h('label', {class: 'field', for: 'f-' + name}, h('span', null, label), input);
  const text = (name, placeholder) => h('input', {id: 'f-' + name, name, value: f[name], placeholder, autocomplete: 'off', spellcheck: 'false'});
  const select = (name, options) => {
    const el = h('select', {id: 'f-' + name, name}, Object.entries(options).map(([v, l]) => h('option', {value: v}, l)));
    el.value = f[name] || '';
    return el;
  };
  const form = h('form', {class: 'filters', id: 'filters', role: 'search', 'aria-label': 'Filter incidents'},
    field('severity', 'Min. severity', select('severity', {'': 'any', Medium: 'Medium+', High: 'High+', Critical: 'Critical'})),
    field('status', 'Status', select('status', {'': 'any', open: 'open', acknowledged: 'acknowledged', resolved: 'resolved', 'open,acknowledged': 'not resolved'})),
    field('case', 'Case', text('case', 'case id or name')),
    field('namespace', 'Namespace', text('namespace', 'k8s namespace')),
    field('hostname', 'Node', text('hostname', 'hostname')),
    field('container', 'Container', text('container', 'name or id')),
    field('image', 'Image', text('image', 'repository[:tag]')),
    field('q', 'Text', text('q', 'rule, cmdline, file  ( / )')),
    field('range', 'Time', select('range', RANGES)),
    field('since', 'Since', text('since', 'RFC 3339')),
    field('until', 'Until', text('until', 'RFC 3339')),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Apply'),
      h('button', {type: 'button', id: 'f-clear'}, 'Clear')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = {};
    for (const k of FILTERS) next[k] = (form.elements[k].value || '').trim();
    navigate(urlFor(next));
  });
  form.querySelector('#f-clear').addEventListener('click', () => navigate('/ui/'));
  return form;
}

function renderCounts(el, body, f) {
  const c = body.counts || {severity: {}, status: {}};
  const chip = (key, value, content, n) => {
    const b = h('button', {type: 'button', class: ['count', f[key] === value ? 'on' : null], 'data-count': key + ':' + value,
      'aria-pressed': String(f[key] === value)}, content, h('b', null, number(n || 0)));
    b.addEventListener('click', () => navigate(urlFor({...f, [key]: f[key] === value ? '' : value, cursor: ''})));
    return b;
  };
  mount(el,
    h('span', {class: 'count-group', role: 'group', 'aria-label': 'By severity'},
      SEVERITIES.map((s) => chip('severity', s, severityBadge(s), (c.severity || {})[s]))),
    h('span', {class: 'count-group', role: 'group', 'aria-label': 'By status'},
      STATUSES.map((s) => chip('status', s, statusBadge(s), (c.status || {})[s]))));
}

function renderPager(el, body, f) {
  const parts = [];
  if (f.cursor) parts.push(link(urlFor({...f, cursor: ''}), {class: 'button'}, '\u21E4 Newest'));
  if (body.next) parts.push(link(urlFor({...f, cursor: body.next}), {class: 'button', id: 'older', rel: 'next'}, 'Older \u2192'));
  mount(el, parts);
}
