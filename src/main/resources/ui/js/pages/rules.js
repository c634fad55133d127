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

function problemText(p) {
  if (typeof p === 'string') return p;
  const where = p.file ? `${p.file}${p.line ? ':' + p.line : ''}: ` : '';
  return where + (p.message || p.problem || JSON.stringify(p));
}

function mappingTable(id, rows, never) {
  return h('table', {class: 'grid rules', id},
    h('colgroup', null, ['mid', 'mgroups', 'msrc', 'mhits'].map((c) => h('col', {class: 'c-' + c}))),
    h('thead', null, h('tr', null, ['Mapping', 'Groups', 'Source', 'Hits'].map((t) => h('th', {scope: 'col', class: t === 'Hits' ? 'num' : null}, t)))),
    h('tbody', null, rows.map((m) => {
      const isNever = never.has(m.id) || !m.hits;
      return h('tr', {class: isNever ? 'never' : null, 'data-mapping': m.id, 'data-never': String(isNever)},
        h('td', null, h('span', {class: 'mono'}, m.id), m.description ? h('span', {class: 'clip sub', title: m.description}, m.description) : null),
        h('td', {class: 'groups'}, (m.groups || []).map((g) => h('span', {class: 'chip'}, groupLabel(g)))),
        h('td', {class: 'mono sub'}, where(m)),
        h('td', {class: 'num'}, isNever ? h('span', {class: 'never-tag'}, '\u25CB never matched') : number(m.hits)));
    })));
}

function draw(main, body) {
  const mappings = body.mappings || [];
  const exceptions = body.exceptions || [];
  const never = new Set(body.never_matched || mappings.filter((m) => !m.hits).map((m) => m.id));
  const reload = body.last_reload || null;
  const problems = (reload && reload.problems) || [];
  mount(main,
    h('div', {class: 'page-head'}, h('h1', null, 'Rules'),
      h('p', {class: 'sub'}, `source ${body.source || '?'} \u00B7 loaded ${time(body.loaded_at)}`)),
    h('section', {class: ['card', reload && reload.ok === false ? 'bad' : null], id: 'last-reload', 'aria-labelledby': 'rl-h'},
      h('h2', {id: 'rl-h'}, 'Last reload'),
      h('p', null, !reload ? 'No reload since start.' : reload.ok === false ? '\u2716 failed' : '\u2714 ok',
        reload && reload.at ? ` at ${time(reload.at)}` : '', reload && reload.trigger ? ` (${reload.trigger})` : '',
        reload && reload.ok === false ? ': the previous rules stay in force' : ''),
      problems.length ? h('ul', {class: 'problems'}, problems.map((p) => h('li', {class: 'mono'}, problemText(p)))) : null),
    h('section', {class: 'card', 'aria-labelledby': 'map-h'},
      h('h2', {id: 'map-h'}, `Mappings (${mappings.length}; ${mappings.filter((m) => never.has(m.id)).length} never matched)`),
      mappingTable('mappings', mappings, never)),
    exceptions.length ? h('section', {class: 'card', 'aria-labelledby': 'exc-h'},
      h('h2', {id: 'exc-h'}, `Exceptions (${exceptions.length})`), mappingTable('exceptions', exceptions, never)) : null,
    h('section', {class: 'card', 'aria-labelledby': 'cases-h'},
      h('h2', {id: 'cases-h'}, `Cases (${(body.cases || []).length})`),
      h('table', {class: 'grid', id: 'cases'},
        h('thead', null, h('tr', null, ['Severity', 'Case', 'Groups (all needed)', 'Source'].map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', null, (body.cases || []).map((c) => h('tr', {'data-case': c.id},
          h('td', null, severityBadge(c.severity)), h('td', null, c.name, h('br'), h('span', {class: 'mono sub'}, c.id)),
          h('td', {class: 'groups'}, (c.groups || []).map((g) => h('span', {class: 'chip'}, groupLabel(g)))),
          h('td', {class: 'mono sub'}, where(c))))))));
}
