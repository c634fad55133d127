// One incident: what, where, in what order, what it means, what to do, and its status.
import {ApiError, getJson, postJson, subscribe} from '../api.js';
import {externalLink, h, link, mount} from '../dom.js';
import {groupLabel, number, preciseTime, severityBadge, statusBadge, time, timeEl} from '../format.js';
import {evidenceNdjson} from '../evidence.js';
import {timeline, tooltipBox} from '../timeline.js';
import {incidentPath} from './incidents.js';

const TECHNIQUE = /^T(\d{4})(?:\.(\d{3}))?$/;
const TRANSITIONS = {open: ['acknowledged', 'resolved'], acknowledged: ['resolved'], resolved: ['open']};

export function mitreUrl(id) {
  const m = TECHNIQUE.exec(id);
  if (!m) return null;
  return `https://attack.mitre.org/techniques/T${m[1]}/` + (m[2] ? `${m[2]}/` : '');
}

export function render(main, id) {
  document.title = 'Incident \u00B7 falco-correlator';
  const controller = new AbortController();
  mount(main, h('p', {class: 'message', role: 'status'}, 'Loading incident\u2026'));
  const started = performance.now();
  let current = null;
  getJson('/api/v1/incidents/' + encodeURIComponent(id), {}, controller.signal).then((body) => {
    current = body;
    draw(main, body);
    main.dataset.rendered = String(Math.round(performance.now() - started));
    performance.mark('incident-rendered');
  }, (e) => {
    if (e.name === 'AbortError') return;
    mount(main, h('h1', null, e instanceof ApiError && e.status === 404 ? 'No such incident' : 'Cannot load incident'),
      h('p', {class: 'message error'}, e.message), h('p', null, link('/ui/', null, '\u2190 All incidents')));
  });
  const off = subscribe('incident.updated', (summary) => {
    if (!current || summary.id !== current.incident.id) return;
    getJson('/api/v1/incidents/' + encodeURIComponent(id)).then((body) => {
      current = body;
      refreshStatus(main, body);
    }, () => {});
  });
  return () => { controller.abort(); off(); };
}

function draw(main, body) {
  const inc = body.incident;
  const c = body.composite || {};
  document.title = `${inc.severity}: ${inc.case} \u00B7 falco-correlator`;
  const tip = tooltipBox();
  mount(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, link('/ui/', null, 'Incidents'), ' / ', h('span', {class: 'mono'}, inc.id)),
    h('header', {class: 'incident-head'},
      h('h1', null, severityBadge(inc.severity), ' ', h('span', {id: 'case-name'}, inc.case)),
      h('p', {class: 'meta'}, h('span', {id: 'status-badge'}, statusBadge(inc.status, inc.resolution)),
        ' detected ', timeEl(inc.created_at, time(inc.created_at)),
        ' \u00B7 evidence ', time(inc.first_seen), ' \u2192 ', time(inc.last_seen),
        ' \u00B7 ', number(inc.evidence_count), ' alerts')),
    h('div', {class: 'incident-grid'},
      h('div', {class: 'col-main'},
        contextCard(inc, c),
        h('section', {class: 'card', 'aria-labelledby': 'tl-h'},
          h('h2', {id: 'tl-h'}, 'Evidence timeline'),
          h('div', {class: 'timeline-wrap'}, timeline(c, tip, timelineWidth(main)), tip.el)),
        evidenceTable(c),
        rawJson(c, inc)),
      h('aside', {class: 'col-side'},
        statusCard(body),
        caseCard(inc, c, body.related || []),
        mitreCard(c.mitre || []),
        triageCard(inc.id, c.triage || []))));
}

/** The timeline's drawing width in CSS pixels, so its text is drawn at its real size. */
function timelineWidth(main) {
  const wide = main.clientWidth >= 1100;
  return Math.max(560, Math.round((wide ? main.clientWidth - 32 - 372 : main.clientWidth - 32) - 26));
}

function dl(pairs) {
  return h('dl', {class: 'kv'}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v, cls]) => [h('dt', null, k), h('dd', {class: cls || 'mono'}, String(v))]));
}

function privileged(c) {
  const seen = (c.evidence || []).map((e) => (e.output_fields || {})['container.privileged']).filter((v) => v !== undefined);
  if (seen.length === 0) return 'unknown';
  return seen.some((v) => String(v) === 'true') ? 'yes' : 'no';
}

function contextCard(inc, c) {
  const ctx = inc.context || c.context || {};
  return h('section', {class: 'card context', 'aria-labelledby': 'ctx-h', id: 'context'},
    h('h2', {id: 'ctx-h'}, 'Context'),
    dl([['node', ctx.hostname], ['container', ctx.container_name], ['container id', ctx.container_id], ['image', ctx.image],
      ['pod', ctx.k8s_pod_name], ['namespace', ctx.k8s_ns_name], ['scope', ctx.scope], ['privileged', privileged(c), 'plain'],
      ['groups', (inc.groups || []).map(groupLabel).join(', '), 'plain']]));
}

function evidenceTable(c) {
  const rows = (c.evidence || []).map((e, i) => {
    const f = e.output_fields || {};
    return h('tr', {'data-group': e.group},
      h('td', {class: 'mono nowrap'}, preciseTime(e.time)), h('td', null, groupLabel(e.group)), h('td', null, e.rule),
      h('td', null, e.priority), h('td', {class: 'mono'}, f['proc.name'] || ''),
      h('td', {class: 'mono wrap'}, f['proc.cmdline'] || ''), h('td', {class: 'mono wrap'}, f['fd.name'] || ''));
  });
  return h('section', {class: 'card', 'aria-labelledby': 'ev-h'},
    h('details', {open: rows.length <= 60},
      h('summary', null, h('h2', {id: 'ev-h'}, `Evidence alerts (${rows.length})`)),
      h('div', {class: 'scroll'}, h('table', {class: 'grid evidence', id: 'evidence'},
        h('thead', null, h('tr', null, ['Time', 'Group', 'Rule', 'Priority', 'Process', 'Command line', 'File'].map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', null, rows)))));
}

function rawJson(c, inc) {
  const json = JSON.stringify(c, null, 2);
  const copy = h('button', {type: 'button', id: 'copy-json'}, 'Copy JSON');
  const done = h('span', {class: 'sub', role: 'status'});
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(json);
      done.textContent = 'copied';
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(pre);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      done.textContent = 'selected: press Ctrl+C';
    }
  });
  const download = h('button', {type: 'button', id: 'download-evidence'}, 'Download evidence (NDJSON)');
  download.addEventListener('click', () => {
    const blob = new Blob([evidenceNdjson(c)], {type: 'application/x-ndjson'});
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `incident-${String(inc.id).replace(/[^A-Za-z0-9._-]/g, '_')}.ndjson`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  const pre = h('pre', {class: 'json', id: 'raw-json', tabindex: '0'}, json);
  return h('section', {class: 'card', 'aria-labelledby': 'raw-h'},
    h('details', null, h('summary', null, h('h2', {id: 'raw-h'}, 'Composite JSON')),
      h('p', {class: 'row'}, copy, download, done,
        h('span', {class: 'sub'}, 'The NDJSON file holds the evidence as Falco alerts: ', h('code', null, 'falco-correlator replay FILE'), ' reproduces this incident.')),
      pre));
}

function statusCard(body) {
  return h('section', {class: 'card', 'aria-labelledby': 'st-h', id: 'status-card'}, h('h2', {id: 'st-h'}, 'Status'), statusBody(body));
}

function refreshStatus(main, body) {
  const card = main.querySelector('#status-card');
  if (card) card.replaceChildren(h('h2', {id: 'st-h'}, 'Status'), ...statusBody(body));
  const badge = main.querySelector('#status-badge');
  if (badge) badge.replaceChildren(statusBadge(body.incident.status, body.incident.resolution));
}

function statusBody(body) {
  const inc = body.incident;
  const options = TRANSITIONS[inc.status] || [];
  const frag = [];
  const history = h('ol', {class: 'history', id: 'history'}, (body.history || []).map((e) => h('li', null,
    statusBadge(e.status, e.resolution), ' ', h('span', {class: 'sub'}, time(e.at), ' by '), h('span', {class: 'mono'}, e.principal || 'unknown'),
    e.note ? h('p', {class: 'note'}, e.note) : null)));
  frag.push(history);
  if (options.length === 0) return frag;
  const status = h('select', {id: 'new-status', name: 'status'},
    options.map((o) => h('option', {value: o}, o === 'open' ? 'reopen' : o)));
  const resolution = h('select', {id: 'resolution', name: 'resolution'},
    h('option', {value: ''}, '\u2013'), h('option', {value: 'true_positive'}, 'true positive'),
    h('option', {value: 'false_positive'}, 'false positive'), h('option', {value: 'benign'}, 'benign'));
  const note = h('textarea', {id: 'note', name: 'note', rows: '2', maxlength: '2000', placeholder: 'What you found or did'});
  const error = h('p', {class: 'message error', role: 'alert', id: 'status-error', hidden: true});
  const resLabel = h('label', {class: 'field', for: 'resolution'}, h('span', null, 'Resolution'), resolution);
  const sync = () => { resLabel.hidden = status.value !== 'resolved'; };
  status.addEventListener('change', sync);
  sync();
  const form = h('form', {class: 'status-form', id: 'status-form'},
    h('label', {class: 'field', for: 'new-status'}, h('span', null, 'Change to'), status), resLabel,
    h('label', {class: 'field wide', for: 'note'}, h('span', null, 'Note'), note),
    h('button', {type: 'submit', class: 'primary', id: 'status-submit'}, 'Save'), error);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const answer = await postJson('/api/v1/incidents/' + encodeURIComponent(inc.id) + '/status', {
        status: status.value, resolution: status.value === 'resolved' && resolution.value ? resolution.value : null,
        note: note.value.trim() || null});
      refreshStatus(document.getElementById('main'), {...body, incident: answer.incident, history: answer.history});
    } catch (e) {
      error.textContent = `Not saved: ${e.message}`;
      error.hidden = false;
      submit.disabled = false;
    }
  });
  frag.push(form);
  return frag;
}

function caseCard(inc, c, related) {
  return h('section', {class: 'card', 'aria-labelledby': 'case-h', id: 'case-card'},
    h('h2', {id: 'case-h'}, 'Case'),
    dl([['case', inc.case, 'plain'], ['id', inc.case_id], ['severity', inc.severity, 'plain'], ['window', c.window],
      ['fired on', (c.groups || []).map(groupLabel).join(' + '), 'plain']]),
    c.description ? h('p', {class: 'desc'}, c.description) : null,
    (related.length || inc.escalated_from) ? h('div', null, h('h3', null, 'Related'),
      h('ul', {class: 'related', id: 'related'}, related.map((r) => h('li', null,
        r.relation === 'folded' ? 'also completed here (folded in): ' : r.relation.replace(/_/g, ' ') + ': ',
        // A folded case has no incident of its own: its id is this incident's.
        r.relation === 'folded' || r.id === inc.id ? h('span', null, r.case || r.id) : link(incidentPath(r.id), null, r.case || r.id),
        ' ', r.severity ? severityBadge(r.severity) : null)))) : null);
}

function mitreCard(ids) {
  const valid = ids.filter((i) => mitreUrl(i));
  return h('section', {class: 'card', 'aria-labelledby': 'mitre-h', id: 'mitre'},
    h('h2', {id: 'mitre-h'}, 'MITRE ATT&CK'),
    valid.length === 0 ? h('p', {class: 'sub'}, 'No techniques listed.')
      : h('ul', {class: 'inline'}, valid.map((i) => h('li', null, externalLink(mitreUrl(i), {class: 'mono'}, i)))));
}

function triageCard(id, steps) {
  const key = 'triage:' + id;
  let done = [];
  try { done = JSON.parse(localStorage.getItem(key) || '[]'); } catch (e) { done = []; }
  return h('section', {class: 'card', 'aria-labelledby': 'triage-h', id: 'triage'},
    h('h2', {id: 'triage-h'}, 'Triage'),
    h('ol', {class: 'checklist'}, steps.map((step, i) => {
      const box = h('input', {type: 'checkbox', id: `triage-${i}`, checked: done.includes(i)});
      box.addEventListener('change', () => {
        done = box.checked ? [...new Set([...done, i])] : done.filter((x) => x !== i);
        try { localStorage.setItem(key, JSON.stringify(done)); } catch (e) { /* private mode */ }
      });
      return h('li', null, box, h('label', {for: `triage-${i}`}, step));
    })));
}
