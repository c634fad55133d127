// The evidence timeline: one lane per activity group, one mark per evidence alert at its event
// time, the span the case used shaded. SVG built node by node; strings only as text nodes.
import {h, s} from './dom.js';
import {duration, groupLabel, parseWindow, preciseTime} from './format.js';

const LABEL = 170;
const LANE = 30;
const AXIS = 26;
const TOP = 22;

/** Milliseconds since the epoch; event times carry nanoseconds, Date keeps milliseconds. */
export function millis(iso) {
  return new Date(String(iso).replace(/(\.\d{3})\d+/, '$1')).getTime();
}

export function lanesOf(composite) {
  const lanes = [...(composite.groups || [])];
  for (const e of composite.evidence || []) if (!lanes.includes(e.group)) lanes.push(e.group);
  return lanes;
}

export function timeline(composite, tooltip, W = 1000) {
  const evidence = (composite.evidence || []).map((e, i) => ({...e, i, t: millis(e.time)})).filter((e) => !Number.isNaN(e.t));
  evidence.sort((a, b) => a.t - b.t);
  const lanes = lanesOf(composite);
  const first = evidence.length ? evidence[0].t : millis(composite.first_seen);
  const last = evidence.length ? evidence[evidence.length - 1].t : millis(composite.last_seen);
  const span = Math.max(last - first, 1);
  const pad = Math.max(span * 0.06, 500);
  const t0 = first - pad;
  const t1 = last + pad;
  const x = (t) => LABEL + ((t - t0) / (t1 - t0)) * (W - LABEL - 12);
  const height = TOP + lanes.length * LANE + AXIS;
  const windowSeconds = parseWindow(composite.window);

  const svg = s('svg', {class: 'timeline', viewBox: `0 0 ${W} ${height}`, role: 'group', id: 'timeline',
    'aria-label': `Evidence timeline: ${evidence.length} alerts in ${lanes.length} activity groups. Arrow keys move between alerts.`});
  const caption = `case window ${composite.window || '?'}; evidence spans ${duration((last - first) / 1000)}`;
  svg.appendChild(s('text', {class: 'window-label', x: x(first), y: TOP - 8}, caption +
    (windowSeconds && (last - first) / 1000 > windowSeconds ? ' (exceeds window)' : '')));

  lanes.forEach((g, i) => {
    const y = TOP + i * LANE;
    svg.appendChild(s('g', {class: 'lane', 'data-lane': g},
      s('rect', {class: i % 2 ? 'lane-bg odd' : 'lane-bg', x: 0, y, width: W, height: LANE}),
      s('text', {class: 'lane-label', x: 8, y: y + LANE / 2 + 4}, groupLabel(g)),
      s('line', {class: 'lane-line', x1: LABEL, x2: W - 12, y1: y + LANE / 2, y2: y + LANE / 2})));
  });

  // Over the lane backgrounds, under the marks.
  svg.appendChild(s('rect', {class: 'window', x: x(first), y: TOP - 4, width: Math.max(x(last) - x(first), 2), height: lanes.length * LANE + 8},
    s('title', null, caption)));

  const axisY = TOP + lanes.length * LANE + 4;
  const ticks = 6;
  for (let k = 0; k <= ticks; k++) {
    const t = t0 + ((t1 - t0) * k) / ticks;
    const iso = new Date(t).toISOString();
    svg.appendChild(s('g', {class: 'tick'},
      s('line', {x1: x(t), x2: x(t), y1: TOP - 4, y2: axisY}),
      s('text', {x: x(t), y: axisY + 14, 'text-anchor': k === 0 ? 'start' : k === ticks ? 'end' : 'middle'},
        span < 10_000 ? preciseTime(iso) : iso.slice(11, 19))));
  }

  const marks = s('g', {class: 'marks'});
  const lastX = new Map();
  const nodes = evidence.map((e, n) => {
    const lane = lanes.indexOf(e.group);
    const cx = x(e.t);
    const prev = lastX.get(lane);
    const stack = prev && Math.abs(prev.cx - cx) < 4 ? prev.stack + 1 : 0;
    lastX.set(lane, {cx, stack});
    const dy = stack === 0 ? 0 : (stack % 2 ? -1 : 1) * Math.min(4 + 2 * Math.floor(stack / 2), 11);
    const fields = e.output_fields || {};
    const label = `${groupLabel(e.group)}: ${e.rule} (${e.priority}) at ${preciseTime(e.time)}`;
    const mark = s('circle', {class: ['mark', 'prio-' + String(e.priority || '').toLowerCase()], cx, cy: TOP + lane * LANE + LANE / 2 + dy,
      r: 5.5, tabindex: n === 0 ? '0' : '-1', role: 'img', 'aria-label': label, 'data-group': e.group, 'data-rule': e.rule || '',
      'data-index': String(e.i)}, s('title', null, label));
    const show = () => tooltip.show(mark, e, fields);
    mark.addEventListener('mouseenter', show);
    mark.addEventListener('focus', show);
    mark.addEventListener('mouseleave', () => tooltip.hide());
    mark.addEventListener('blur', () => tooltip.hide());
    marks.appendChild(mark);
    return mark;
  });
  svg.appendChild(marks);
  svg.addEventListener('keydown', (ev) => {
    const i = nodes.indexOf(document.activeElement);
    if (i < 0) return;
    const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -nodes.length, End: nodes.length}[ev.key];
    if (!step) return;
    ev.preventDefault();
    const next = nodes[Math.max(0, Math.min(nodes.length - 1, i + step))];
    nodes[i].setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
  });
  return svg;
}

/** The detail box a mark shows on hover or focus: rule, priority, process, command line, file. */
export function tooltipBox() {
  const box = h('div', {class: 'tip', id: 'timeline-tip', role: 'tooltip', hidden: true});
  return {
    el: box,
    show(mark, e, f) {
      const row = (k, v) => (v === undefined || v === null || v === '' ? null : h('div', null, h('dt', null, k), h('dd', null, String(v))));
      box.replaceChildren(h('dl', null,
        row('rule', e.rule), row('priority', e.priority), row('time', e.time), row('group', groupLabel(e.group)),
        row('process', [f['proc.name'], f['proc.pid'] ? `pid ${f['proc.pid']}` : null].filter(Boolean).join(' ')),
        row('parent', f['proc.pname']), row('command line', f['proc.cmdline']), row('file', f['fd.name']),
        row('user', f['user.name']), row('event', f['evt.type'])));
      box.hidden = false;
      const host = box.offsetParent || box.parentElement;
      const r = mark.getBoundingClientRect();
      const p = host.getBoundingClientRect();
      const left = Math.min(r.left - p.left + 10, p.width - box.offsetWidth - 4);
      box.style.left = Math.max(0, left) + 'px';
      box.style.top = (r.bottom - p.top + 6) + 'px';
    },
    hide() {
      box.hidden = true;
    },
  };
}
