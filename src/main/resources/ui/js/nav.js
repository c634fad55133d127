// Navigation without reloading the page; app.js renders on the event this sends.
export function navigate(url, replace = false) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new CustomEvent('console:navigate', {detail: {replace}}));
}
