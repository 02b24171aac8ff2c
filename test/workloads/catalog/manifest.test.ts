import { describe, expect, it } from 'vitest';
import { EMPTY_MANIFEST, parseManifest } from '../../../src/workloads/catalog/manifest.js';

const FILE = 'cat/x/workload.yaml';
const problems = (text: string) => parseManifest(text, FILE).problems;

describe('workload.yaml', () => {
  it('reads every key of the format, with the defaults the format gives (param type string, vm-count 0, protocol TCP)', () => {
    const parsed = parseManifest(
      [
        'description: a load',
        'packages: [redis, curl]',
        'params:',
        '  - key: size',
        '    default: 4k',
        '    desc: block size',
        '  - {key: count, type: int, default: 3}',
        'roles:',
        '  - name: server',
        '  - {name: client, vm-count: 2}',
        'storage:',
        '  - {name: data, size: 10Gi, serial: virtwork-data, mount: /mnt/data}',
        'service:',
        '  ports: [{name: redis, port: 6379}]',
        '  selector-role: server',
      ].join('\n'),
      FILE,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.manifest).toEqual({
      description: 'a load',
      packages: ['redis', 'curl'],
      params: [
        { key: 'size', type: 'string', default: '4k', desc: 'block size' },
        { key: 'count', type: 'int', default: 3 },
      ],
      roles: [
        { name: 'server', 'vm-count': 0 },
        { name: 'client', 'vm-count': 2 },
      ],
      storage: [{ name: 'data', size: '10Gi', serial: 'virtwork-data', mount: '/mnt/data' }],
      service: { ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }], 'selector-role': 'server' },
    });
  });

  it('an empty file is an entry with nothing declared', () => {
    expect(parseManifest('', FILE).manifest).toEqual(EMPTY_MANIFEST);
  });

  it('refuses an unknown key at every level with file:line and a did-you-mean', () => {
    const found = problems(
      ['descripton: x', 'params:', '  - key: a', '    dfault: 1', 'service:', '  ports:', '    - {name: p, port: 1, protocl: TCP}', '  selector-role: s', 'storage:', '  - {name: d, size: 1Gi, serial: s, mount: /m, mnt: /x}'].join('\n'),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: `${FILE}:1: descripton`, value: 'x', fix: expect.stringMatching(/^unknown key; workload\.yaml takes description, .*did you mean description\?$/) as unknown }),
        expect.objectContaining({ field: `${FILE}:4: params.0.dfault`, value: 1, fix: expect.stringContaining('did you mean default?') as unknown }),
        expect.objectContaining({ field: `${FILE}:7: service.ports.0.protocl`, fix: expect.stringContaining('did you mean protocol?') as unknown }),
        expect.objectContaining({ field: `${FILE}:10: storage.0.mnt`, fix: expect.stringContaining('did you mean mount?') as unknown }),
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it.each([
    ['params:\n  - {key: a, type: integer}', 'params.0.type', 'integer', 'type must be one of string, int, bool, list, dict'],
    ['params:\n  - {key: Bad Key}', 'params.0.key', 'Bad Key', 'a param key is lowercase letters, digits, - and _, such as requests'],
    ['roles:\n  - {name: a, vm-count: -1}', 'roles.0.vm-count', -1, 'vm-count is a whole number from 0 (0: use --vm-count)'],
    ['roles:\n  - {name: Server}', 'roles.0.name', 'Server', "a role name must be lowercase letters, digits and '-', starting and ending with a letter or digit"],
    ['storage:\n  - {name: cloudinitdisk, size: 1Gi, serial: s, mount: /m}', 'storage.0.name', 'cloudinitdisk', 'the VM already has disks named containerdisk and cloudinitdisk; pick another name, such as data'],
    ['storage:\n  - {name: "", size: 1Gi, serial: s, mount: /m}', 'storage.0.name', '', "a storage name must be lowercase letters, digits and '-', starting and ending with a letter or digit"],
    ['storage:\n  - {name: d, size: ten, serial: s, mount: /m}', 'storage.0.size', 'ten', 'size must be a Kubernetes quantity of at least 64Mi, such as 10Gi'],
    ['storage:\n  - {name: d, size: 1Mi, serial: s, mount: /m}', 'storage.0.size', '1Mi', 'size must be a Kubernetes quantity of at least 64Mi, such as 10Gi'],
    ['storage:\n  - {name: d, size: 1Gi, serial: 12345, mount: /m}', 'storage.0.serial', 12345, 'expected string'],
    ['storage:\n  - {name: d, size: 1Gi, serial: abcdefghijklmnopqrstu, mount: /m}', 'storage.0.serial', 'abcdefghijklmnopqrstu', 'serial must be 1 to 20 letters, digits, - or _ (the guest sees only the first 20 characters)'],
    ['storage:\n  - {name: d, size: 1Gi, serial: "", mount: /m}', 'storage.0.serial', '', 'serial must be 1 to 20 letters, digits, - or _ (the guest sees only the first 20 characters)'],
    ['storage:\n  - {name: d, size: 1Gi, serial: s, mount: data}', 'storage.0.mount', 'data', 'mount must be an absolute path such as /var/lib/data'],
    ['service:\n  ports: []\n  selector-role: s', 'service.ports', [], 'a service needs at least one port'],
    ['service:\n  ports: [{name: p, port: 0}]\n  selector-role: s', 'service.ports.0.port', 0, 'port must be a whole number from 1 to 65535'],
    ['service:\n  ports: [{name: p, port: 65536}]\n  selector-role: s', 'service.ports.0.port', 65536, 'port must be a whole number from 1 to 65535'],
    ['service:\n  ports: [{name: p, port: 80, protocol: SCTP}]\n  selector-role: s', 'service.ports.0.protocol', 'SCTP', 'protocol must be TCP or UDP'],
  ])('%j: %s is refused', (text, keyPath, value, fix) => {
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: 'error', value, fix });
    expect(found[0]?.field).toMatch(new RegExp(`^${FILE}:\\d+: ${keyPath.replace(/\./g, '\\.')}$`));
  });

  it('names the line of the bad item in a list', () => {
    const [problem] = problems('storage:\n  - {name: a, size: 1Gi, serial: a, mount: /a}\n  - {name: b, size: 1Gi, serial: b, mount: b}');
    expect(problem?.field).toBe(`${FILE}:3: storage.1.mount`);
  });

  it('reports every problem of the file, not only the first', () => {
    expect(problems('descripton: x\nroles:\n  - {name: A}\nservice:\n  ports: []\n  selector-role: s')).toHaveLength(3);
  });

  it('names the line of a YAML syntax error, and a file that is no mapping', () => {
    expect(problems('params: [\n')[0]).toMatchObject({ field: expect.stringMatching(new RegExp(`^${FILE}:\\d+$`)) as unknown, fix: expect.stringMatching(/^not valid YAML/) as unknown });
    expect(problems('- a\n- b\n')).toEqual([{ level: 'error', field: FILE, value: ['a', 'b'], fix: 'workload.yaml must be a mapping, such as "description: redis server"' }]);
  });
});
