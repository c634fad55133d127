// The console's entry point: a small client-side router over /ui/... paths.
import {connect, onLiveStatus} from './api.js';
import {navigate} from './nav.js';
import {h, mount} from './dom.js';
import * as incidents from './pages/incidents.js';
import * as incident from './pages/incident.js';
import * as watchlist from './pages/watchlist.js';
import * as rules from './pages/rules.js';
import * as health from './pages/health.js';

const main = document.getElementById('main');
let leave = () => {};

function route(path) {
  const m = /^\/ui\/incidents\/([^/]+)\/?$/.exec(path);
  if (m) return {page: incident, nav: 'incidents', arg: decodeURIComponent(m[1])};
  if (/^\/ui\/(incidents\/?)?$/.test(path)) return {page: incidents, nav: 'incidents'};
  if (/^\/ui\/watchlist\/?$/.test(path)) return {page: watchlist, nav: 'watchlist'};
  if (/^\/ui\/rules\/?$/.test(path)) return {page: rules, nav: 'rules'};
  if (/^\/ui\/health\/?$/.test(path)) return {page: health, nav: 'health'};
  return null;
}

function render() {
  leave();
  leave = () => {};
  const r = route(location.pathname);
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (r && a.dataset.nav === r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!r) {
    document.title = 'Not found \u00B7 falco-correlator';
    mount(main, h('h1', null, 'Not found'), h('p', null, 'There is no console page at this address.'));
    return;
  }
  const cleanup = r.page.render(main, r.arg);
  if (typeof cleanup === 'function') leave = cleanup;
}

window.addEventListener('console:navigate', (ev) => {
  render();
  if (!ev.detail.replace) {
    main.focus({preventScroll: true});
    window.scrollTo(0, 0);
  }
});

document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[data-route]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);

const liveText = document.getElementById('live-text');
const live = document.getElementById('live');
onLiveStatus((state) => {
  live.dataset.state = state;
  liveText.textContent = state === 'live' ? 'live' : state;
});

render();
connect();
