#!/usr/bin/env python3
"""Generates the scenario fixtures in ../scenarios: realistic Falco alert streams (one JSON per
line, exactly as Falco's json_output writes them: sorted keys, compact, 9-digit UTC times, typed
output_fields, the container plugin's suggested-output tail) plus the composites each stream
must produce (<name>.expected.json).

The streams are data; this script only saves typing. Re-run after editing a scenario:
    python3 test-fixtures/tools/generate_scenarios.py
"""
import json, os, datetime

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scenarios')

# rule name -> (priority, tags, message, per-rule output fields)
RULES = {
    'Container Environment Enumeration by Upper Layer Process': ('Warning', ['T1613', 'container', 'filesystem', 'mitre_discovery', 'process'], 'Container environment file read by a process not in the base image', ['fd.name', 'proc.exe', 'proc.is_exe_upper_layer', 'proc.pid', 'proc.sid']),
    'Drop and execute new binary in container': ('Critical', ['PCI_DSS_11.5.1', 'TA0003', 'container', 'maturity_stable', 'mitre_persistence', 'process'], 'Executing binary not part of base image', ['proc.exe', 'proc.sname', 'proc.aname[2]', 'proc.cwd']),
    'Linux Kernel Module Injection Detected': ('Warning', ['TA0003', 'container', 'host', 'maturity_stable', 'mitre_persistence', 'process'], 'Linux Kernel Module injection from container', ['proc.pexepath', 'proc.aname[2]', 'proc.args', 'evt.res']),
    'Kernel Core Pattern Modified from Container': ('Critical', ['T1611', 'container', 'filesystem', 'mitre_privilege_escalation'], 'core_pattern opened for writing from a container (host code execution on next crash)', ['fd.name', 'thread.cap_effective']),
    'PTRACE attached to process': ('Warning', ['T1055.008', 'container', 'host', 'maturity_stable', 'mitre_privilege_escalation', 'process'], 'Detected ptrace PTRACE_ATTACH attempt', ['proc.pcmdline']),
    'Launch Privileged Container': ('Informational', ['PCI_DSS_10.2.5', 'T1610', 'cis', 'container', 'maturity_incubating', 'mitre_execution'], 'Privileged container started', []),
    'Detect release_agent File Container Escapes': ('Critical', ['T1611', 'container', 'maturity_stable', 'mitre_privilege_escalation', 'process'], 'Detect an attempt to exploit a container escape using release_agent file', ['fd.name', 'thread.cap_effective']),
    'Mount Launched in Privileged Container': ('Warning', ['T1611', 'cis', 'container', 'filesystem', 'maturity_incubating', 'mitre_privilege_escalation'], 'Mount was executed inside a privileged container', []),
    'Change thread namespace': ('Notice', ['T1611', 'container', 'host', 'maturity_incubating', 'mitre_privilege_escalation', 'process'], 'Namespace change (setns) by unexpected program', []),
    'Change namespace privileges via unshare': ('Notice', ['T1611', 'container', 'maturity_incubating', 'mitre_privilege_escalation'], 'Change namespace privileges via unshare', ['evt.res']),
    'Container Management Socket Discovery': ('Warning', ['T1613', 'container', 'mitre_discovery', 'process'], 'Search for container runtime sockets inside a container', ['evt.arg.flags']),
    'Container Runtime Client or Socket Request in Container': ('Warning', ['T1609', 'container', 'mitre_execution', 'process'], 'Container runtime client or runtime socket request inside a container', ['evt.arg.flags']),
    'Kubernetes Client Tool Launched in Container': ('Warning', ['T1610', 'container', 'maturity_sandbox', 'mitre_execution'], 'Kubernetes Client Tool Launched in Container', []),
    'Execution from /dev/shm': ('Warning', ['T1059.004', 'container', 'host', 'maturity_stable', 'mitre_execution'], 'File execution detected from /dev/shm', ['evt.res', 'proc.cwd']),
    'Nohup Execution in Container': ('Notice', ['T1564', 'container', 'mitre_defense_evasion', 'process'], 'nohup used to detach a process inside a container', ['evt.arg.flags']),
    'Terminal shell in container': ('Notice', ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'], 'A shell was spawned in a container with an attached terminal', ['evt.arg.flags']),
    'Read sensitive file untrusted': ('Warning', ['T1555', 'filesystem', 'host', 'maturity_stable', 'mitre_credential_access'], 'Sensitive file opened for reading by non-trusted program', ['fd.name', 'proc.pcmdline']),
    'Launch Package Management Process in Container': ('Error', ['T1505', 'container', 'maturity_incubating', 'mitre_persistence', 'process', 'software_mgmt'], 'Package management process launched in container', []),
    'Contact K8S API Server From Container': ('Notice', ['T1565', 'container', 'k8s', 'maturity_stable', 'mitre_discovery', 'network'], 'Unexpected connection to K8s API Server from container', ['fd.name', 'fd.lport', 'fd.rport']),
    'Read environment variable from /proc files': ('Warning', ['T1083', 'container', 'filesystem', 'maturity_incubating', 'mitre_discovery', 'process'], 'Environment variables were retrieved from /proc files', ['fd.name']),
}

BASE = datetime.datetime(2026, 2, 17, 3, 14, 16, tzinfo=datetime.timezone.utc)


class Container:
    def __init__(self, host, cid, name, image, tag, ns, pod, privileged=False, host_pid=False):
        self.host, self.cid, self.name, self.image, self.tag = host, cid, name, image, tag
        self.ns, self.pod, self.privileged, self.host_pid = ns, pod, privileged, host_pid


HOST_PROC = Container('ip-10-42-17-203.eu-central-1.compute.internal', 'host', 'host', '', '', None, None)


def alert(c, rule, offset_s, proc, cmdline, exepath=None, upper=False, pid=4242, extra=None, nanos=None, old_falco=False):
    """One Falco alert as a dict (keys sorted when dumped)."""
    prio, tags, msg, _ = RULES[rule]
    t = BASE + datetime.timedelta(seconds=offset_s)
    ns = nanos if nanos is not None else (pid * 7919 + int(offset_s * 1000)) % 1_000_000_000
    epoch_ns = int(t.timestamp()) * 1_000_000_000 + ns
    time_text = t.strftime('%Y-%m-%dT%H:%M:%S') + '.%09dZ' % ns
    exepath = exepath or '/usr/bin/' + proc
    fields = {
        'evt.time': epoch_ns, 'evt.type': (extra or {}).pop('evt.type', 'execve'),
        'user.name': 'root', 'user.uid': 0, 'user.loginuid': -1,
        'proc.name': proc, 'proc.exepath': exepath, 'proc.pname': 'bash', 'proc.cmdline': cmdline,
        'proc.tty': 34816, 'proc.pid': pid, 'proc.sid': 1,
        'proc.is_exe_upper_layer': upper,
        'container.id': c.cid, 'container.name': c.name,
        'container.image.repository': c.image, 'container.image.tag': c.tag,
        'k8s.pod.name': c.pod, 'k8s.ns.name': c.ns,
        'container.privileged': c.privileged, 'container.host_pid': c.host_pid,
    }
    fields.update(extra or {})
    kv = ' '.join('%s=%s' % (k, v) for k, v in [
        ('evt_type', fields['evt.type']), ('user', 'root'), ('user_uid', 0), ('user_loginuid', -1),
        ('process', proc), ('proc_exepath', exepath), ('parent', 'bash'), ('command', cmdline), ('terminal', 34816)])
    file_part = ('file=%s ' % fields['fd.name']) if 'fd.name' in fields else ''
    tail = 'container_id=%s container_name=%s container_image_repository=%s container_image_tag=%s k8s_pod_name=%s k8s_ns_name=%s' % (
        c.cid, c.name, c.image, c.tag, c.pod or '<NA>', c.ns or '<NA>')
    prefix = t.strftime('%H:%M:%S') + '.%09d: %s ' % (ns, prio)
    out = {
        'hostname': c.host,
        'output': prefix + msg + ' | ' + file_part + kv + ' ' + tail,
        'output_fields': fields,
        'priority': prio, 'rule': rule, 'source': 'syscall', 'tags': sorted(tags), 'time': time_text,
    }
    if old_falco:
        # Falco <= 0.40 with rules 3.x: no container fields in output_fields, %container.info in the text.
        out['output'] = prefix + msg + ' (user=root command=%s file=%s container_id=%s container_name=%s image=%s:%s)' % (
            cmdline, fields.get('fd.name', '<NA>'), c.cid, c.name, c.image, c.tag)
        out['output_fields'] = {k: v for k, v in fields.items() if not k.startswith(('container.', 'k8s.'))}
    return out


def line(d):
    return json.dumps(d, sort_keys=True, separators=(',', ':'), ensure_ascii=False)


def enumerate_(c, t, n=3):
    files = ['/proc/self/status', '/proc/1/cgroup', '/proc/self/mountinfo', '/proc/sys/kernel/core_pattern', '/proc/1/attr/current']
    return [alert(c, 'Container Environment Enumeration by Upper Layer Process', t + i * 0.01, 'deepce', '/tmp/deepce --no-colors',
                  exepath='/tmp/deepce', upper=True, pid=31337, extra={'fd.name': files[i % len(files)], 'evt.type': 'openat', 'proc.exe': '/tmp/deepce'})
            for i in range(n)]


def dropped(c, t, proc='deepce', cmd='/tmp/deepce --no-colors', exe='/tmp/deepce'):
    return alert(c, 'Drop and execute new binary in container', t, proc, cmd, exepath=exe, upper=True, pid=31337,
                 extra={'proc.exe': exe, 'proc.sname': 'bash', 'proc.aname[2]': 'containerd-shim', 'proc.cwd': '/tmp/'})


def noise(c, t, i):
    kinds = [
        ('Terminal shell in container', 'bash', 'bash -il', {}),
        ('Read sensitive file untrusted', 'cat', 'cat /etc/shadow', {'fd.name': '/etc/shadow', 'evt.type': 'openat', 'proc.pcmdline': 'bash -il'}),
        ('Launch Package Management Process in Container', 'apt-get', 'apt-get install -y curl', {}),
        ('Contact K8S API Server From Container', 'java', 'java -jar /app/service.jar', {'fd.name': '10.46.194.236:42424->10.96.0.1:443', 'evt.type': 'connect', 'fd.lport': 42424, 'fd.rport': 443}),
        # A JVM reading /proc/self/cgroup at start-up: lower-layer binary, must not count as enumeration.
        ('Read environment variable from /proc files', 'java', 'java -XX:+UseContainerSupport -jar app.jar', {'fd.name': '/proc/self/environ', 'evt.type': 'openat'}),
    ]
    rule, proc, cmd, extra = kinds[i % len(kinds)]
    return alert(c, rule, t, proc, cmd, pid=1000 + i, extra=dict(extra))


def web(host='ip-10-42-17-203.eu-central-1.compute.internal', cid='7c3e9a1f4b2d', privileged=False, name='metrics-agent'):
    return Container(host, cid, name, 'ghcr.io/acme-observability/' + name, '2.3.1', 'monitoring', name + '-5d8f7c9b4-qt2lz', privileged)


def expect(case, severity, c, escalated=False, related=()):
    e = {'case': case, 'severity': severity, 'hostname': c.host, 'container_id': c.cid}
    if escalated:
        e['escalated'] = True
    if related:
        e['related_cases'] = list(related)
    return e


SCENARIOS = {}


def scenario(name, description):
    def wrap(fn):
        SCENARIOS[name] = (description, fn)
        return fn
    return wrap


@scenario('kernel-module-escape', 'Enumeration by a dropped tool, then insmod of a module from disk.')
def _():
    c = web()
    a = [noise(c, 0, 0), dropped(c, 10)] + enumerate_(c, 11) + [
        alert(c, 'Linux Kernel Module Injection Detected', 240, 'insmod', 'insmod /tmp/rootkit.ko', pid=31400,
              extra={'evt.type': 'finit_module', 'proc.args': '/tmp/rootkit.ko', 'evt.res': 'SUCCESS', 'proc.pexepath': '/usr/bin/bash', 'proc.aname[2]': 'containerd-shim'})]
    return a, [expect('Kernel Module Container Escape', 'Critical', c)]


@scenario('core-pattern-escape', 'Enumeration, then a write of a pipe handler into /proc/sys/kernel/core_pattern.')
def _():
    c = web(cid='b1d2c3e4f5a6', name='payments-api', privileged=True)
    a = enumerate_(c, 0) + [alert(c, 'Kernel Core Pattern Modified from Container', 95, 'sh', "sh -c echo '|/tmp/x.sh' > /proc/sys/kernel/core_pattern",
                                  pid=2001, extra={'fd.name': '/proc/sys/kernel/core_pattern', 'evt.type': 'openat', 'thread.cap_effective': 'CAP_SYS_ADMIN CAP_DAC_OVERRIDE'})]
    return a, [expect('Core Pattern Container Escape', 'Critical', c)]


@scenario('ptrace-host-injection', 'Enumeration, then one injection into a host process (three ptrace alerts).')
def _():
    c = web(cid='9f8e7d6c5b4a', name='debug-sidecar')
    c.host_pid = True
    a = enumerate_(c, 0) + [alert(c, 'PTRACE attached to process', 300 + i * 0.002, 'inject', '/tmp/inject 1', exepath='/tmp/inject', upper=True, pid=3100,
                                  extra={'evt.type': 'ptrace', 'proc.pcmdline': 'bash', 'evt.arg.request': req, 'evt.arg.pid': 1})
                            for i, req in enumerate(['PTRACE_ATTACH', 'PTRACE_POKETEXT', 'PTRACE_SETREGS'])]
    return a, [expect('Ptrace Host Injection', 'Critical', c)]


@scenario('cgroup-release-agent-escape', 'Privileged container started hours earlier; enumeration; mount of a cgroup (namespace); release_agent write. The High case fires at the mount, the Critical case escalates it.')
def _():
    c = web(cid='a1b2c3d4e5f6', name='legacy-batch')
    start = alert(c, 'Launch Privileged Container', -3 * 3600, 'run.sh', '/run.sh', pid=1)
    c.privileged = None  # no extra_fields in this deployment: the start alert alone carries the state
    start['output_fields']['container.privileged'] = True
    a = [start] + enumerate_(c, 0) + [
        alert(c, 'Mount Launched in Privileged Container', 30, 'mount', 'mount -t cgroup -o rdma cgroup /tmp/cgrp', pid=2200),
        alert(c, 'Detect release_agent File Container Escapes', 45, 'sh', 'sh -c echo /cmd > /tmp/cgrp/release_agent', pid=2201,
              extra={'fd.name': '/tmp/cgrp/release_agent', 'evt.type': 'openat', 'thread.cap_effective': 'CAP_SYS_ADMIN'})]
    return a, [expect('Privileged Namespace Escape', 'High', c), expect('Cgroup Release Agent Escape', 'Critical', c, escalated=True)]


@scenario('privileged-namespace-escape', 'container.privileged=true on every alert (append_output); dropped tool; nsenter raises five setns alerts. The Medium evasion case completes at the same moment and is folded into the High one.')
def _():
    c = web(cid='c0ffee123456', name='node-debugger', privileged=True)
    a = [dropped(c, 0)] + enumerate_(c, 1) + [alert(c, 'Change thread namespace', 60 + i * 0.001, 'nsenter', 'nsenter -t 1 -m -u -i -n -p sh', pid=2300, extra={'evt.type': 'setns'})
                                              for i in range(5)]
    return a, [expect('Privileged Namespace Escape', 'High', c, related=['namespace_breakout_with_evasion'])]


@scenario('docker-socket-escape', 'Socket search, then a dropped docker client (shadowed by the drop rule under rule_matching=first), then curl to the socket. Suspicious Container Activity (Medium) folds into the High case.')
def _():
    c = web(cid='d0cca5a0c4e7', name='ci-runner')
    a = [dropped(c, 0)] + enumerate_(c, 1) + [
        alert(c, 'Container Management Socket Discovery', 20, 'find', "find / -name '*.sock' -type s", pid=2400),
        dropped(c, 40, proc='docker', cmd='/tmp/docker -H unix:///var/run/docker.sock ps', exe='/tmp/docker'),
        alert(c, 'Container Runtime Client or Socket Request in Container', 50, 'curl', 'curl --unix-socket /var/run/docker.sock http://localhost/containers/json', pid=2402)]
    return a, [expect('Docker Socket Escape', 'High', c, related=['suspicious_container_activity'])]


@scenario('namespace-breakout-with-evasion', 'Unprivileged container: enumeration, unshare, execution from /dev/shm.')
def _():
    c = web(cid='e5ca7e000001', name='web-frontend')
    a = enumerate_(c, 0) + [
        alert(c, 'Change namespace privileges via unshare', 120, 'unshare', 'unshare -Urm sh', pid=2500, extra={'evt.type': 'unshare', 'evt.res': 'SUCCESS'}),
        alert(c, 'Execution from /dev/shm', 130, 'payload', '/dev/shm/payload', exepath='/dev/shm/payload', pid=2501, extra={'proc.cwd': '/dev/shm/', 'evt.res': 'SUCCESS'})]
    return a, [expect('Namespace Breakout with Evasion', 'Medium', c)]


@scenario('suspicious-container-activity', 'Enumeration, kubectl from the image, nohup.')
def _():
    c = web(cid='5b5b5b5b5b5b', name='ops-toolbox')
    a = enumerate_(c, 0) + [
        alert(c, 'Kubernetes Client Tool Launched in Container', 200, 'kubectl', 'kubectl get secrets -A', pid=2600),
        alert(c, 'Nohup Execution in Container', 260, 'nohup', 'nohup /tmp/agent', pid=2601)]
    return a, [expect('Suspicious Container Activity', 'Medium', c)]


@scenario('near-miss-split-containers', 'Enumeration in one container, a kernel module in another on the same host: no composite.')
def _():
    c1, c2 = web(cid='aaaaaaaaaaaa', name='one'), web(cid='bbbbbbbbbbbb', name='two')
    a = enumerate_(c1, 0) + [alert(c2, 'Linux Kernel Module Injection Detected', 60, 'insmod', 'insmod /tmp/m.ko', pid=2700, extra={'evt.type': 'finit_module', 'proc.args': '/tmp/m.ko'})]
    return a, []


@scenario('near-miss-host-processes', 'The same alerts from host processes (container.id=host) are counted, never correlated.')
def _():
    h = HOST_PROC
    a = [alert(h, 'PTRACE attached to process', 10, 'gdb', 'gdb -p 1', pid=2800, extra={'evt.type': 'ptrace'}),
         alert(h, 'Execution from /dev/shm', 11, 'x', '/dev/shm/x', exepath='/dev/shm/x', pid=2801),
         alert(h, 'Container Environment Enumeration by Upper Layer Process', 12, 'deepce', '/tmp/deepce', upper=True, pid=2802, extra={'fd.name': '/proc/1/cgroup', 'evt.type': 'openat'})]
    return a, []


@scenario('near-miss-partial-combination', 'Enumeration and socket discovery only: Docker Socket Escape needs management abuse too.')
def _():
    c = web(cid='cccccccccccc', name='partial')
    a = enumerate_(c, 0) + [alert(c, 'Container Management Socket Discovery', 20, 'find', "find / -name '*.sock'", pid=2900)]
    return a, []


@scenario('near-miss-outside-window', 'Enumeration, then a kernel module 45 minutes later: outside the 30-minute window.')
def _():
    c = web(cid='dddddddddddd', name='slow')
    a = enumerate_(c, 0) + [alert(c, 'Linux Kernel Module Injection Detected', 45 * 60, 'insmod', 'insmod /tmp/m.ko', pid=3000, extra={'evt.type': 'finit_module', 'proc.args': '/tmp/m.ko'})]
    return a, []


@scenario('near-miss-same-id-two-hosts', 'The same container id on two nodes is two contexts.')
def _():
    c1 = web(host='node-a', cid='eeeeeeeeeeee', name='same')
    c2 = web(host='node-b', cid='eeeeeeeeeeee', name='same')
    a = enumerate_(c1, 0) + [alert(c2, 'Linux Kernel Module Injection Detected', 60, 'insmod', 'insmod /tmp/m.ko', pid=3100, extra={'evt.type': 'finit_module', 'proc.args': '/tmp/m.ko'})]
    return a, []


@scenario('benign-noise', 'Ordinary alerts from 40 containers on 4 nodes over two hours: shells, sensitive reads, package managers, API server contacts, a JVM reading /proc files.')
def _():
    a = []
    for i in range(400):
        c = web(host='node-%d' % (i % 4), cid='%012x' % (0xabc000 + i % 40), name='svc-%d' % (i % 40), privileged=(i % 40 == 7))
        a.append(noise(c, i * 18, i))
    return a, []


@scenario('out-of-order-and-duplicates', 'The kernel module alert arrives before the enumeration that preceded it; every alert is delivered twice.')
def _():
    c = web(cid='0f0f0f0f0f0f', name='reorder')
    enum = enumerate_(c, 0)
    km = alert(c, 'Linux Kernel Module Injection Detected', 90, 'insmod', 'insmod /tmp/m.ko', pid=3200, extra={'evt.type': 'init_module', 'proc.args': ''})
    a = [km, km] + enum + enum
    return a, [expect('Kernel Module Container Escape', 'Critical', c)]


@scenario('old-falco-text-context', 'Falco <= 0.40 with rules 3.x: no container fields in output_fields, container_id in the output text.')
def _():
    c = web(cid='01d0fa1c0000', name='legacy')
    a = [alert(x['c'], x['rule'], x['t'], x['p'], x['cmd'], upper=True, pid=3300, extra=x['extra'], old_falco=True) for x in [
        dict(c=c, rule='Container Environment Enumeration by Upper Layer Process', t=0, p='deepce', cmd='/tmp/deepce', extra={'fd.name': '/proc/1/cgroup', 'evt.type': 'openat'}),
        dict(c=c, rule='Kernel Core Pattern Modified from Container', t=30, p='sh', cmd='sh -c echo', extra={'fd.name': '/proc/sys/kernel/core_pattern', 'evt.type': 'openat'})]]
    return a, [expect('Core Pattern Container Escape', 'Critical', c)]


@scenario('clock-skew-two-nodes', 'Two attacks interleaved in arrival order; node-b clock runs five hours behind node-a. Each context correlates on its own clock.')
def _():
    ca = web(host='node-a', cid='aaaa00000001', name='a')
    cb = web(host='node-b', cid='bbbb00000002', name='b')
    a_alerts = enumerate_(ca, 0) + [alert(ca, 'Linux Kernel Module Injection Detected', 100, 'insmod', 'insmod /tmp/m.ko', pid=3400, extra={'evt.type': 'finit_module', 'proc.args': '/tmp/m.ko'})]
    b_alerts = enumerate_(cb, -5 * 3600) + [alert(cb, 'Kernel Core Pattern Modified from Container', -5 * 3600 + 100, 'sh', 'sh -c echo', pid=3401, extra={'fd.name': '/proc/sys/kernel/core_pattern', 'evt.type': 'openat'})]
    mixed = []
    for x, y in zip(a_alerts, b_alerts):
        mixed += [x, y]
    return mixed, [expect('Kernel Module Container Escape', 'Critical', ca), expect('Core Pattern Container Escape', 'Critical', cb)]


# Strings an attacker controls, shaped to break a web page, a chat message or a log viewer. Used by
# the console's browser test: every one must be shown literally and nothing may run.
XSS_NAME = '<img src=x onerror="window.__xss=1;alert(1)">'
XSS_CMD = '<script>window.__xss=2;alert(2)</script> javascript:alert(3) <!channel> <a href="javascript:alert(4)">x</a>'
XSS_FILE = '/tmp/<img src=x onerror=alert(5)>/javascript:alert(6)/<!channel>'


@scenario('hostile-strings-xss', 'The kernel module escape with HTML, script, javascript: URLs and <!channel> in container.name, proc.cmdline and fd.name.')
def _():
    c = web(cid='bad0c0de0001', name=XSS_NAME)
    a = [alert(c, 'Container Environment Enumeration by Upper Layer Process', 11 + i * 0.01, 'deepce', XSS_CMD, exepath='/tmp/deepce',
               upper=True, pid=31337, extra={'fd.name': XSS_FILE, 'evt.type': 'openat', 'proc.exe': '/tmp/deepce'}) for i in range(2)] + [
        alert(c, 'Linux Kernel Module Injection Detected', 240, 'insmod', XSS_CMD, pid=31400,
              extra={'evt.type': 'finit_module', 'proc.args': XSS_FILE, 'evt.res': 'SUCCESS', 'proc.pexepath': '/usr/bin/bash', 'proc.aname[2]': 'containerd-shim'})]
    return a, [expect('Kernel Module Container Escape', 'Critical', c)]


def sidekick(d, uuid):
    """Re-encodes an alert as Falcosidekick's webhook does: Go struct key order, uuid, trimmed
    fractional seconds, <>& escaped, source syscalls when empty, trailing newline."""
    t = d['time']
    frac = t[20:-1].rstrip('0')
    t = t[:19] + ('.' + frac if frac else '') + 'Z'
    out = {'uuid': uuid, 'output': d['output'], 'priority': d['priority'], 'rule': d['rule'], 'time': t,
           'output_fields': dict(sorted(d['output_fields'].items())), 'source': d['source'], 'tags': d['tags'], 'hostname': d['hostname']}
    s = json.dumps(out, separators=(',', ':'), ensure_ascii=False)
    return s.replace('<', '\\u003c').replace('>', '\\u003e').replace('&', '\\u0026')


def iso_variant(d, i):
    """Same event, time written with another offset and precision; output prefix in ISO 8601."""
    t = datetime.datetime.strptime(d['time'][:19], '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    nanos = d['time'][20:29]
    digits = [0, 3, 6, 9][i % 4]
    offset = datetime.timezone(datetime.timedelta(hours=[2, -5, 0, 5.5][i % 4]))
    local = t.astimezone(offset)
    frac = ('.' + nanos[:digits]) if digits else ''
    d = dict(d)
    d['time'] = local.strftime('%Y-%m-%dT%H:%M:%S') + frac + local.strftime('%z')[:3] + ':' + local.strftime('%z')[3:]
    d['output'] = t.strftime('%Y-%m-%dT%H:%M:%S') + '.' + nanos + '+0000: ' + d['output'].split(': ', 1)[1]
    return d


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (description, fn) in SCENARIOS.items():
        alerts, expected = fn()
        with open(os.path.join(OUT, name + '.ndjson'), 'w') as f:
            for a in alerts:
                f.write(line(a) + '\n')
        with open(os.path.join(OUT, name + '.expected.json'), 'w') as f:
            json.dump({'description': description, 'composites': expected}, f, indent=2)
            f.write('\n')
    # Falcosidekick-shaped stream of the kernel module escape.
    alerts, expected = SCENARIOS['kernel-module-escape'][1]()
    with open(os.path.join(OUT, 'falcosidekick-webhook.ndjson'), 'w') as f:
        for i, a in enumerate(alerts):
            f.write(sidekick(a, '7a1c%04d-8b2d-4e3f-9a0b-1c2d3e4f5a6b' % i) + '\n')
    with open(os.path.join(OUT, 'falcosidekick-webhook.expected.json'), 'w') as f:
        json.dump({'description': 'The kernel module escape as Falcosidekick webhook bodies: uuid, Go key order, trimmed fractional seconds, \\u003c escapes.', 'composites': expected}, f, indent=2)
        f.write('\n')
    # ISO 8601 variants of the core pattern escape, as a JSON array file.
    alerts, expected = SCENARIOS['core-pattern-escape'][1]()
    with open(os.path.join(OUT, 'iso8601-variants.json'), 'w') as f:
        json.dump([iso_variant(a, i) for i, a in enumerate(alerts)], f, indent=1, ensure_ascii=False)
        f.write('\n')
    with open(os.path.join(OUT, 'iso8601-variants.expected.json'), 'w') as f:
        json.dump({'description': 'The core pattern escape with times in +02:00, -05:00, +05:30 and Z offsets, 0 to 9 fractional digits, ISO 8601 output prefixes, in a JSON array file.', 'composites': expected}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
