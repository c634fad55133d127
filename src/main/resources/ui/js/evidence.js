// "Download evidence": the composite's evidence turned back into Falco alerts, one JSON per line,
// so `falco-correlator replay FILE` reproduces the incident. Composite evidence keeps each
// alert's own output fields; the context fields (container, image, pod) live once on the
// composite and are put back on every alert here.

const BOOLEAN = /^(true|false)$/;
const INTEGER = /^-?\d{1,15}$/;
// Fields Falco emits as numbers; everything else stays a string even if it looks numeric.
const NUMERIC = new Set(['proc.pid', 'proc.ppid', 'proc.vpid', 'proc.sid', 'proc.tty', 'user.uid', 'user.loginuid',
  'group.gid', 'fd.num', 'evt.num', 'fd.sport', 'fd.dport', 'proc.apid', 'evt.arg.flags']);

function typed(name, value) {
  if (typeof value !== 'string') return value;
  if (BOOLEAN.test(value)) return value === 'true';
  if (NUMERIC.has(name) && INTEGER.test(value)) return Number(value);
  return value;
}

function splitImage(image) {
  if (!image) return [null, null];
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return [image.slice(0, colon), image.slice(colon + 1)];
  return [image, null];
}

export function evidenceAlerts(composite) {
  const ctx = composite.context || {};
  const [repo, tag] = splitImage(ctx.image);
  return (composite.evidence || []).map((e) => {
    const fields = {};
    for (const [k, v] of Object.entries(e.output_fields || {})) fields[k] = typed(k, v);
    const put = (k, v) => { if (v !== null && v !== undefined && v !== '' && !(k in fields)) fields[k] = v; };
    put('container.id', ctx.container_id);
    put('container.name', ctx.container_name);
    put('container.image.repository', repo);
    put('container.image.tag', tag);
    put('k8s.ns.name', ctx.k8s_ns_name);
    put('k8s.pod.name', ctx.k8s_pod_name);
    const alert = {hostname: ctx.hostname, output: e.output || e.rule, output_fields: fields,
      priority: e.priority, rule: e.rule, source: e.source || 'syscall', time: e.time};
    if (Array.isArray(e.tags)) alert.tags = e.tags;
    return alert;
  });
}

export function evidenceNdjson(composite) {
  return evidenceAlerts(composite).map((a) => JSON.stringify(a)).join('\n') + '\n';
}
