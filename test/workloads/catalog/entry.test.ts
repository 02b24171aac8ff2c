import { describe, expect, it } from 'vitest';
import { check, entryOf, problemsOf, UNIT } from './support.js';

const SERVER_CLIENT = 'roles:\n  - name: server\n  - name: client\n';

describe('a catalog entry', () => {
  it('without workload.yaml is single-role: every .service file, no params, storage or service', () => {
    const entry = entryOf('load', { 'a.service': UNIT('/bin/a'), 'b.service': UNIT('/bin/b') });
    expect(entry).toMatchObject({ name: 'load', description: 'catalog entry load', packages: [], params: [], roles: [], storage: [], vmCount: 0 });
    expect(entry.service).toBeUndefined();
    expect(entry.units.map((unit) => unit.stem)).toEqual(['a', 'b']);
  });

  it('with more than one role is multi-role: one <role>.service per role', () => {
    const entry = entryOf('pair', { 'workload.yaml': 'roles:\n  - name: server\n    vm-count: 1\n  - name: client\n', 'server.service': UNIT('/bin/s'), 'client.service': UNIT('/bin/c') });
    expect(entry.roles).toEqual([
      { name: 'server', vmCount: 1 },
      { name: 'client', vmCount: 0 },
    ]);
    expect(entry.units.map((unit) => unit.stem).sort()).toEqual(['client', 'server']);
  });

  it('refuses a name a built-in has, and a name that cannot be part of an object name', () => {
    expect(problemsOf(check('cpu', { 'a.service': UNIT('/bin/a') }))).toEqual([
      { level: 'error', field: 'cat/cpu', value: 'cpu', fix: expect.stringMatching(/^a built-in workload has this name \(built-ins: cpu, memory, .*\); rename the directory$/) as unknown },
    ]);
    expect(check('Load_1', { 'a.service': UNIT('/bin/a') }).problems[0]).toMatchObject({ field: 'cat/Load_1', value: 'Load_1' });
    expect(check('cpu', { 'a.service': UNIT('/bin/a') }).entry).toBeUndefined();
  });

  it('refuses an entry without a .service file', () => {
    expect(problemsOf(check('empty', { 'workload.yaml': 'description: nothing\n' }))).toEqual([
      { level: 'error', field: 'cat/empty', value: undefined, fix: 'no .service file; add one systemd unit per program the entry runs, such as load.service' },
    ]);
  });

  it('refuses a declared role without its file, and a file of no declared role, with a did-you-mean', () => {
    const checked = check('pair', { 'workload.yaml': SERVER_CLIENT, 'server.service': UNIT('/bin/s'), 'clinet.service': UNIT('/bin/c') });
    expect(problemsOf(checked)).toEqual([
      { level: 'error', field: 'cat/pair/workload.yaml:3: roles.1.name', value: 'client', fix: 'the role has no client.service in cat/pair; a multi-role entry has one <role>.service per role' },
      {
        level: 'error',
        field: 'cat/pair/clinet.service',
        value: 'clinet.service',
        fix: 'not the unit of a declared role (server, client); did you mean client?; rename it <role>.service or declare its role',
      },
    ]);
  });

  it('refuses two roles of one name', () => {
    const checked = check('pair', { 'workload.yaml': 'roles:\n  - name: a\n  - name: a\n', 'a.service': UNIT('/bin/a') });
    expect(problemsOf(checked)).toContainEqual({ level: 'error', field: 'cat/pair/workload.yaml:3: roles.1.name', value: 'a', fix: 'two roles have this name; role names must be unique' });
  });

  it('refuses a param default of the wrong type, a repeated key and a key virtwork fills itself', () => {
    const manifest = 'params:\n  - {key: n, type: int, default: many}\n  - {key: n, type: int, default: 2}\n  - {key: namespace}\n';
    const checked = check('p', { 'workload.yaml': manifest, 'a.service': UNIT('/bin/a {{n}} {{namespace}}') });
    expect(problemsOf(checked)).toEqual([
      { level: 'error', field: 'cat/p/workload.yaml:2: params.0.default', value: 'many', fix: 'the default of a int param must be a whole number, such as 4' },
      { level: 'error', field: 'cat/p/workload.yaml:3: params.1.key', value: 'n', fix: 'two params have this key; keys must be unique' },
      { level: 'error', field: 'cat/p/workload.yaml:4: params.2.key', value: 'namespace', fix: 'virtwork fills {{namespace}} itself; give the param another key' },
    ]);
  });

  it.each([
    ['bool', 'maybe'],
    ['list', '{a: 1}'],
    ['dict', '[a, b]'],
  ])('refuses a %s param whose default is %s', (type, value) => {
    const checked = check('p', { 'workload.yaml': `params:\n  - {key: k, type: ${type}, default: ${value}}\n`, 'a.service': UNIT('/bin/a {{k}}') });
    expect(checked.problems).toHaveLength(1);
    expect(checked.problems[0]?.field).toBe('cat/p/workload.yaml:2: params.0.default');
  });

  it('refuses storage entries sharing a name, serial or mount', () => {
    const manifest = 'storage:\n  - {name: a, size: 1Gi, serial: s1, mount: /a}\n  - {name: a, size: 1Gi, serial: s1, mount: /a}\n';
    const checked = check('s', { 'workload.yaml': manifest, 'a.service': UNIT('/bin/a') });
    expect(checked.problems.map((p) => p.field)).toEqual(['cat/s/workload.yaml:3: storage.1.name', 'cat/s/workload.yaml:3: storage.1.serial', 'cat/s/workload.yaml:3: storage.1.mount']);
  });

  it('refuses a service whose selector-role is no declared role, or on an entry without roles', () => {
    const service = 'service:\n  ports: [{name: p, port: 80}]\n  selector-role: sever\n';
    const units = { 'server.service': UNIT('/bin/s'), 'client.service': UNIT('/bin/c') };
    expect(problemsOf(check('pair', { 'workload.yaml': SERVER_CLIENT + service, ...units }))).toEqual([
      { level: 'error', field: 'cat/pair/workload.yaml:6: service.selector-role', value: 'sever', fix: 'not a declared role (server, client); did you mean server?' },
    ]);
    expect(problemsOf(check('single', { 'workload.yaml': service, 'a.service': UNIT('/bin/a') }))[0]).toMatchObject({
      field: 'cat/single/workload.yaml:3: service.selector-role',
      fix: 'a service selects one role of a multi-role entry; declare at least two roles (such as server and client)',
    });
  });

  it('refuses a role whose fixed VM count outnumbers the role the service selects', () => {
    const manifest = 'roles:\n  - {name: server, vm-count: 1}\n  - {name: client, vm-count: 2}\nservice:\n  ports: [{name: p, port: 80}]\n  selector-role: server\n';
    expect(problemsOf(check('pair', { 'workload.yaml': manifest, 'server.service': UNIT('/bin/s'), 'client.service': UNIT('/bin/c') }))).toEqual([
      {
        level: 'error',
        field: 'cat/pair/workload.yaml:3: roles.1.vm-count',
        value: 2,
        fix: 'more than the 1 VMs of server, which the service selects: each client needs the server of its own pair',
      },
    ]);
  });

  it('warns, before any run, about a role that follows --vm-count beside a fixed count of the role the service selects', () => {
    const files = (roles: string) => ({
      'workload.yaml': `roles:\n${roles}service:\n  ports: [{name: p, port: 80}]\n  selector-role: server\n`,
      'server.service': UNIT('/bin/s'),
      'client.service': UNIT('/bin/c'),
    });
    const followingClient = check('pair', files('  - {name: server, vm-count: 2}\n  - {name: client, vm-count: 0}\n'));
    expect(problemsOf(followingClient)).toEqual([
      {
        level: 'warning',
        field: 'cat/pair/workload.yaml:3: roles.1.vm-count',
        value: 0,
        fix: 'client follows --vm-count while server, which the service selects, has a fixed 2: a run with --vm-count above 2 is refused, since each client needs the server of its own pair; give client a vm-count from 1 to 2, or server a vm-count of 0',
      },
    ]);
    expect(followingClient.entry).toBeDefined();
    const fixedClients = check('pair', files('  - {name: server, vm-count: 0}\n  - {name: client, vm-count: 3}\n'));
    expect(problemsOf(fixedClients)).toEqual([
      {
        level: 'warning',
        field: 'cat/pair/workload.yaml:3: roles.1.vm-count',
        value: 3,
        fix: 'server, which the service selects, follows --vm-count while client has a fixed 3: a run with --vm-count below 3 is refused, since each client needs the server of its own pair; give client a vm-count of 0 or 1',
      },
    ]);
    // Counts that always fit say nothing: both following --vm-count, or a fixed client at most the fixed servers.
    expect(problemsOf(check('pair', files('  - {name: server}\n  - {name: client}\n')))).toEqual([]);
    expect(problemsOf(check('pair', files('  - {name: server, vm-count: 2}\n  - {name: client, vm-count: 2}\n')))).toEqual([]);
    expect(problemsOf(check('pair', files('  - {name: server}\n  - {name: client, vm-count: 1}\n')))).toEqual([]);
  });
});

describe('placeholders', () => {
  it('refuses a placeholder no param declares, naming file:line, with a did-you-mean', () => {
    const checked = check('p', { 'workload.yaml': 'params:\n  - key: requests\n', 'a.service': UNIT('/bin/a {{requets}}') });
    expect(problemsOf(checked)).toEqual([
      { level: 'error', field: 'cat/p/a.service:5', value: '{{requets}}', fix: 'no param declares this key; declare it under params in workload.yaml, or use one of requests, namespace; did you mean requests?' },
      { level: 'warning', field: 'cat/p/workload.yaml:2: params.0.key', value: 'requests', fix: 'declared but no .service file uses {{requests}}' },
    ]);
  });

  it('warns about a declared param no file uses, and the entry still runs', () => {
    const checked = check('p', { 'workload.yaml': 'params:\n  - key: used\n  - key: spare\n', 'a.service': UNIT('/bin/a {{ used }} {{namespace}}') });
    expect(problemsOf(checked)).toEqual([{ level: 'warning', field: 'cat/p/workload.yaml:3: params.1.key', value: 'spare', fix: 'declared but no .service file uses {{spare}}' }]);
    expect(checked.entry).toBeDefined();
  });

  it('offers {{service-host}} only to an entry with a service', () => {
    const checked = check('p', { 'a.service': UNIT('/bin/a {{service-host}}') });
    expect(problemsOf(checked)).toEqual([
      { level: 'error', field: 'cat/p/a.service:5', value: '{{service-host}}', fix: '{{service-host}} names the Service of the entry, which has none; add a service to workload.yaml' },
    ]);
  });

  it('checks placeholders against the keys of an invalid params section, reporting both', () => {
    const manifest = 'params:\n  - key: size\n    type: float\n  - key: spare\n';
    const checked = check('p', { 'workload.yaml': manifest, 'a.service': UNIT('/bin/a {{size}} {{count}}') });
    expect(problemsOf(checked)).toEqual([
      { level: 'error', field: 'cat/p/workload.yaml:3: params.0.type', value: 'float', fix: 'type must be one of string, int, bool, list, dict' },
      { level: 'error', field: 'cat/p/a.service:5', value: '{{count}}', fix: 'no param declares this key; declare it under params in workload.yaml, or use one of size, spare, namespace' },
      { level: 'warning', field: 'cat/p/workload.yaml:4: params.1.key', value: 'spare', fix: 'declared but no .service file uses {{spare}}' },
    ]);
  });

  it('checks placeholders and roles even when another section of the manifest is invalid', () => {
    const checked = check('p', { 'workload.yaml': 'params:\n  - key: a\nstorage: nope\n', 'a.service': UNIT('/bin/a {{b}}') });
    expect(checked.problems.map((p) => p.field)).toEqual(['cat/p/workload.yaml:3: storage', 'cat/p/a.service:5', 'cat/p/workload.yaml:2: params.0.key']);
  });
});

describe('unit files', () => {
  it('refuses a unit without ExecStart, an unknown section, a line outside a section and a line that is no Key=Value', () => {
    const text = 'Description=early\n[Unit]\nDescription=x\n[Servce]\nExecStart=/bin/a\nnonsense\n[Install]\nWantedBy=multi-user.target\n';
    expect(problemsOf(check('u', { 'a.service': text }))).toEqual([
      { level: 'error', field: 'cat/u/a.service:1', value: 'Description=early', fix: 'a line before the first section; start the file with [Unit]' },
      { level: 'error', field: 'cat/u/a.service:4', value: '[Servce]', fix: 'unknown section; a service unit has [Unit], [Service], [Install]' },
      { level: 'error', field: 'cat/u/a.service:6', value: 'nonsense', fix: 'not a Key=Value line' },
      { level: 'error', field: 'cat/u/a.service', value: undefined, fix: 'no ExecStart= in a [Service] section: the unit has nothing to run' },
    ]);
  });

  it('accepts continued lines and comments, and warns when no [Install] target starts the unit at boot', () => {
    const checked = check('u', { 'a.service': '# comment\n[Service]\nExecStart=/bin/sh -c \\\n  "echo hi"\n' });
    expect(problemsOf(checked)).toEqual([
      {
        level: 'warning',
        field: 'cat/u/a.service',
        value: undefined,
        fix: 'no WantedBy= in an [Install] section: the unit starts once but not after a reboot; add WantedBy=multi-user.target',
      },
    ]);
    expect(checked.entry).toBeDefined();
  });

  it('refuses a file name that cannot be part of the guest unit name', () => {
    expect(check('u', { 'a b.service': UNIT('/bin/a') }).problems[0]).toMatchObject({ field: 'cat/u/a b.service', value: 'a b.service' });
  });
});
