import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../../src/cli/output/yaml.js';
import { hashPassword } from '../../src/cloudinit/password.js';
import { resolveRunConfig } from '../../src/config/resolve-run-config.js';
import { buildRunPlan } from '../../src/orchestrator/plan.js';
import { builtins, createWorkload } from '../../src/workloads/registry.js';

/** What every reader must get back: the same data, read as YAML 1.1 (kubectl) and as YAML 1.2. */
const readBack = (text: string) => ({
  v11: parse(text, { version: '1.1' }) as unknown,
  v12: parse(text, { version: '1.2' }) as unknown,
});

const TRICKY_STRINGS = [
  '', ' ', ' lead', 'trail ', 'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~',
  '1', '-1', '+1', '0x1f', '0o17', '0b101', '017', '1_000', '1e3', '1.5', '.5', '1:20', '.inf', '-.inf', '.NaN',
  '-', '--', '--quiet', '---', '...', '- x', '? x', ': x', 'a: b', 'a:b', 'a #b', '#x', 'x#', '[x]', '{x}', 'x, y',
  '*ref', '&anchor', '!tag', '|', '>', "'q'", '"q"', '%x', '@x', '`x', '<<', '=', 'tab\there', 'multi\nline\n',
  'back\\slash', 'é ñ 中文', 'nel\u0085x', 'ls\u2028x', 'del\u007fx', 'bom\ufeffx', 'quay.io/containerdisks/fedora:42',
  '10Gi', '2E', '500m', '1e10Gi', 'app.kubernetes.io/managed-by', 'virtwork/run-id', '/mnt/data', 'end:',
];

describe('toYaml', () => {
  it.each(TRICKY_STRINGS.map((s) => [JSON.stringify(s), s]))('keeps the string %s as a string, as key and as value', (_, text) => {
    const object = { [text]: text, list: [text] };
    const back = readBack(toYaml(object));
    expect(back.v11).toEqual(object);
    expect(back.v12).toEqual(object);
  });

  it('prints plain what needs no quotes, kubectl style', () => {
    expect(toYaml({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'virtwork', labels: { 'virtwork/run-id': 'abc-1' } } })).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: virtwork\n  labels:\n    virtwork/run-id: abc-1\n',
    );
  });

  it('prints lists of maps with the first key on the dash line', () => {
    expect(toYaml({ ports: [{ name: 'iperf3', port: 5201 }, { name: 'http', port: 8080 }] })).toBe(
      'ports:\n  - name: iperf3\n    port: 5201\n  - name: http\n    port: 8080\n',
    );
  });

  it('keeps numbers, booleans, null, empty collections, nested lists and drops undefined fields', () => {
    const object = {
      count: 3, ratio: 0.25, negative: -7, on: true, off: false, none: null,
      emptyMap: {}, emptyList: [], nested: [[1, 2], [], [{ a: [] }]], skipped: undefined, holes: [undefined, 'x'],
    };
    const back = readBack(toYaml(object));
    const { skipped: _dropped, ...kept } = object;
    const expected = { ...kept, holes: [null, 'x'] };
    expect(back.v11).toEqual(expected);
    expect(back.v12).toEqual(expected);
  });

  it('prints a Date as its RFC 3339 string, as the API server sends it', () => {
    expect(parse(toYaml({ creationTimestamp: new Date('2026-01-02T03:04:05Z') }))).toEqual({ creationTimestamp: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses values JSON has no form for', () => {
    expect(() => toYaml({ n: Number.NaN })).toThrow(TypeError);
    expect(() => toYaml({ f: () => 1 })).toThrow(TypeError);
  });

  it('round-trips every object of a plan of all workloads', async () => {
    const { config } = await resolveRunConfig({
      flags: { workloads: builtins.map((w) => w.name), sshKey: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey me@host'] },
      env: {},
      cwd: process.cwd(),
      knownWorkloads: builtins.map((w) => w.name),
    });
    const plan = buildRunPlan(config, { runId: '0d4c7a8e-1111-4222-8333-444455556666', passwordHash: hashPassword('pw', 'fixedsalt') }, { createWorkload });
    const objects = JSON.parse(JSON.stringify(plan.objects)) as object[];
    const stream = objects.map(toYaml).join('---\n');
    const docs = parseAllDocuments(stream, { version: '1.1' }).map((doc) => doc.toJS() as unknown);
    expect(docs).toEqual(objects);
    expect(docs.length).toBeGreaterThan(20);
  });
});
