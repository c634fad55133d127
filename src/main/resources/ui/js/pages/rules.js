// Rules: the loaded mappings and cases, where each comes from, and how often each mapping matched.
import {getJson} from '../api.js';
import {h, mount} from '../dom.js';
import {groupLabel, number, severityBadge, time} from '../format.js';

export function render(main) {
  document.title = 'Rules \u00B7 falco-correlator';
  const controller = new AbortController();
  mount(main, h('h1', null, 'Rules'), h('p', {class: 'message', role: 'status'}, 'Loading\u2026'));
  getJson('/api/v1/rules', {}, controller.signal).then((body) => draw(main, body), (e) => {
    if (e.name === 'AbortError') return;
    mount(main, h('h1', null, 'Rules'), h('p', {class: 'message error'}, `Cannot load the rules: ${e.message}`));
  });
  return () => controller.abort();
}

function where(x) {
  return x.file ? `${x.file}${x.line ? ':' + x.line : ''}` : '';
}

function draw(main, body) {
  const mappings = body.mappings || [];
  const never = mappings.filter((m) => !m.hits);
  const reload = body.last_reload || {};
  const problems = reload.problems || [];
  mount(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Rules'),
      h('p', {class: 'sub'}, `source ${body.source || '?'} \u00B7 loaded ${time(body.loaded_at)}`)),
    h('section', {class: ['card', reload.ok === false ? 'bad' : null], id: 'last-reload', 'aria-labelledby': 'rl-h'},
      h('h2', {id: 'rl-h'}, 'Last reload'),
      h('p', null, reload.ok === false ? '\u2716 failed' : reload.ok ? '\u2714 ok' : 'no reload since start', reload.at ? ` at ${time(reload.at)}` : ''),
      problems.length ? h('ul', {class: 'problems'}, problems.map((p) => h('li', {class: 'mono'}, typeof p === 'string' ? p : JSON.stringify(p)))) : null),
    h('section', {class: 'card', 'aria-labelledby': 'map-h'},
      h('h2', {id: 'map-h'}, `Mappings (${mappings.length}; ${never.length} never matched)`),
      h('table', {class: 'grid', id: 'mappings'},
        h('thead', null, h('tr', null, ['Mapping', 'Groups', 'Source', 'Hits'].map((t) => h('th', {scope: 'col', class: t === 'Hits' ? 'num' : null}, t)))),
        h('tbody', null, mappings.map((m) => h('tr', {class: m.hits ? null : 'never', 'data-mapping': m.id},
          h('td', {class: 'mono'}, m.id), h('td', {class: 'groups'}, (m.groups || []).map((g) => h('span', {class: 'chip'}, groupLabel(g)))),
          h('td', {class: 'mono sub'}, where(m)),
          h('td', {class: 'num'}, m.hits ? number(m.hits) : h('span', {class: 'never-tag'}, 'never matched'))))))),
    h('section', {class: 'card', 'aria-labelledby': 'cases-h'},
      h('h2', {id: 'cases-h'}, `Cases (${(body.cases || []).length})`),
      h('table', {class: 'grid', id: 'cases'},
        h('thead', null, h('tr', null, ['Severity', 'Case', 'Id', 'Source'].map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', null, (body.cases || []).map((c) => h('tr', null,
          h('td', null, severityBadge(c.severity)), h('td', null, c.name), h('td', {class: 'mono'}, c.id), h('td', {class: 'mono sub'}, where(c))))))));
}
