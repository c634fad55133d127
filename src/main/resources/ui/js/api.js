// The incidents API client. The browser sends the page's credentials (Basic, or a cookie-less
// token proxy) with same-origin requests; state changes carry the header the API requires to
// refuse cross-site use.

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, v);
  }
  const text = q.toString();
  return text ? '?' + text : '';
}

async function answer(res) {
  let body = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { body = await res.json(); } catch (e) { body = null; }
  }
  if (!res.ok) {
    const message = body && body.error ? body.error : `HTTP ${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message, body && body.field);
  }
  return body;
}

export async function getJson(path, params = {}, signal) {
  const res = await fetch(path + query(params), {
    credentials: 'same-origin', headers: {Accept: 'application/json'}, cache: 'no-store', signal,
  });
  return answer(res);
}

export async function postJson(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Accept': 'application/json',
      'Content-Type': 'application/json',
      'X-Requested-By': 'falco-correlator',
    },
    body: JSON.stringify(body),
  });
  return answer(res);
}

// One EventSource for the whole page; pages subscribe by event type and unsubscribe on leave.
const listeners = new Map();
let source = null;
let statusHandler = () => {};

export function onLiveStatus(fn) {
  statusHandler = fn;
}

export function subscribe(type, fn) {
  if (!listeners.has(type)) {
    listeners.set(type, new Set());
    if (source) source.addEventListener(type, dispatch);
  }
  listeners.get(type).add(fn);
  connect();
  return () => listeners.get(type).delete(fn);
}

function dispatch(ev) {
  let data;
  try { data = JSON.parse(ev.data); } catch (e) { return; }
  for (const fn of listeners.get(ev.type) || []) fn(data);
}

/** Opens the page's event stream (once); the header shows its state on every page. */
export function connect() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events', {withCredentials: true});
  for (const type of listeners.keys()) source.addEventListener(type, dispatch);
  source.addEventListener('open', () => statusHandler('live'));
  source.addEventListener('error', () => statusHandler(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting'));
  statusHandler('connecting');
}

// A page left for another (or kept in the back/forward cache) must not keep its stream open: the
// browser allows few connections per server, and a held one would starve the next page's calls.
window.addEventListener('pagehide', () => {
  if (source) {
    source.close();
    source = null;
  }
});
window.addEventListener('pageshow', (ev) => {
  if (ev.persisted) connect();
});
