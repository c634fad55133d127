// DOM building without HTML parsing: every string becomes a text node, so nothing an attacker
// wrote (command lines, file names, container names) can become markup, script or a URL.

const SVG_NS = 'http://www.w3.org/2000/svg';
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) throw new Error('event handlers are added with addEventListener, not attributes');
    if (URL_ATTRS.has(k)) throw new Error('URLs are set with link()/internalHref(), never from data');
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** An HTML element: h('td', {class: 'x'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, built the same way. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A link inside the console. The path is built by us; data only ever enters it percent-encoded. */
export function link(path, attrs, ...children) {
  if (!path.startsWith('/ui/')) throw new Error('internal links only: ' + path);
  const a = h('a', attrs, ...children);
  a.setAttribute('href', path);
  a.dataset.route = '';
  return a;
}

/** An external link to a fixed site; the caller validates what goes into it. */
export function externalLink(url, attrs, ...children) {
  if (!/^https:\/\/attack\.mitre\.org\/techniques\/T\d{4}(\/\d{3})?\/$/.test(url)) {
    throw new Error('not an allowed external link: ' + url);
  }
  const a = h('a', Object.assign({rel: 'noopener noreferrer external', target: '_blank'}, attrs), ...children);
  a.setAttribute('href', url);
  return a;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
