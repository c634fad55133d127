// Formatting shared by the pages. Severity is always a word plus a glyph, never colour alone.
import {h} from './dom.js';

export const SEVERITIES = ['Critical', 'High', 'Medium'];
const GLYPH = {Critical: '\u25B2', High: '\u25C6', Medium: '\u25CF'};
export const STATUSES = ['open', 'acknowledged', 'resolved'];

export function severityBadge(sev) {
  const known = SEVERITIES.includes(sev);
  return h('span', {class: ['sev', known ? 'sev-' + sev.toLowerCase() : 'sev-unknown'], 'data-severity': known ? sev : 'unknown'},
    h('span', {class: 'glyph', 'aria-hidden': 'true'}, GLYPH[sev] || '?'), ' ', sev || 'unknown');
}

export function statusBadge(status, resolution) {
  const label = status === 'resolved' && resolution ? `resolved: ${resolution.replace('_', ' ')}` : status;
  return h('span', {class: ['status', 'status-' + (STATUSES.includes(status) ? status : 'unknown')], 'data-status': status}, label);
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

/** Time with sub-second precision, for evidence. */
export function preciseTime(iso) {
  if (!iso) return '';
  const m = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(iso);
  return m ? m[1] + (m[2] || '') : String(iso);
}

export function timeEl(iso, text) {
  return h('time', {datetime: iso || '', title: iso || ''}, text || ago(iso));
}

export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const s = Math.round((now - t) / 1000);
  if (s < 0) return 'in ' + duration(-s);
  return duration(s) + ' ago';
}

export function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  if (seconds < 60) return seconds + 's';
  const m = Math.floor(seconds / 60);
  if (m < 60) return m + 'm ' + String(seconds % 60).padStart(2, '0') + 's';
  const hh = Math.floor(m / 60);
  if (hh < 48) return hh + 'h ' + String(m % 60).padStart(2, '0') + 'm';
  return Math.floor(hh / 24) + 'd ' + (hh % 24) + 'h';
}

/** "30m", "1h", "90s" -> seconds. */
export function parseWindow(text) {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(String(text || '').trim());
  if (!m) return null;
  const n = Number(m[1]);
  return {ms: n / 1000, s: n, m: n * 60, h: n * 3600, d: n * 86400}[m[2]];
}

export function number(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '\u2013';
}

export function groupLabel(id) {
  return String(id).replace(/_/g, ' ');
}

export function image(ctx) {
  return (ctx && ctx.image) || '';
}

/** One line of text cut with an ellipsis; the whole text in its tooltip. */
export function clip(text, cls) {
  return h('span', {class: ['clip', cls], title: text || ''}, text || '\u2013');
}
