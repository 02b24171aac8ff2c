import { describe, expect, it } from 'vitest';
import { buildCloudConfig, type CloudConfigInput } from '../../src/cloudinit/cloud-config.js';
import { renderCloudConfig } from '../../src/cloudinit/render.js';
import { InternalError } from '../../src/errors.js';
import {
  cloudConfigSchemaErrors,
  cloudConfigSchemaSkipReason,
  cloudInitSchema,
  cloudInitSkipReason,
  parseCloudConfig,
} from '../support/cloud-config-schema.js';

const HASH = '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0b3Rlc3RrZXlmb3J2aXJ0d29yaw virtwork@test';

const full: CloudConfigInput = {
  user: { name: 'virtwork', passwordHash: HASH, authorizedKeys: [KEY] },
  packages: ['stress-ng', 'qemu-guest-agent'],
  writeFiles: [
    { path: '/etc/systemd/system/virtwork-cpu.service', content: '[Unit]\nDescription=x\n' },
    { path: '/usr/local/bin/virtwork-cpu', content: '#!/bin/sh\necho "a: b"\n', permissions: '0755' },
  ],
  bootcmd: [['echo', 'early']],
  runcmd: ['systemctl daemon-reload', ['systemctl', 'enable', '--now', 'virtwork-cpu.service']],
};

describe('renderCloudConfig', () => {
  it('starts with the #cloud-config line and parses back to the built document', () => {
    const text = renderCloudConfig(full);
    expect(text.split('\n')[0]).toBe('#cloud-config');
    expect(parseCloudConfig(text)).toEqual(buildCloudConfig(full));
  });

  it('renders the same input to the same text, sections in a fixed order', () => {
    const text = renderCloudConfig(full);
    expect(renderCloudConfig({ ...full })).toBe(text);
    const sections = text.split('\n').filter((line) => /^[a-z_]+:/.test(line)).map((line) => line.split(':')[0]);
    expect(sections).toEqual(['users', 'ssh_pwauth', 'packages', 'write_files', 'bootcmd', 'runcmd']);
  });

  it('keeps the image default user and adds the SSH user with sudo, hash and keys', () => {
    const doc = buildCloudConfig(full);
    expect(doc.users).toEqual([
      'default',
      {
        name: 'virtwork',
        lock_passwd: false,
        passwd: HASH,
        ssh_authorized_keys: [KEY],
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        shell: '/bin/bash',
      },
    ]);
    expect(doc.ssh_pwauth).toBe(true);
  });

  it('locks the password and leaves SSH password login alone when no hash is given', () => {
    const doc = buildCloudConfig({ user: { name: 'virtwork', authorizedKeys: [KEY] } });
    expect(doc.users?.[1]).toMatchObject({ name: 'virtwork', lock_passwd: true, ssh_authorized_keys: [KEY] });
    expect(doc.users?.[1]).not.toHaveProperty('passwd');
    expect(doc).not.toHaveProperty('ssh_pwauth');
  });

  it('refuses a password that is not a SHA-512 crypt hash, without repeating it', () => {
    const build = () => buildCloudConfig({ user: { name: 'virtwork', passwordHash: 'hunter2', authorizedKeys: [] } });
    expect(build).toThrow('the password of virtwork must be a SHA-512 crypt hash (hashPassword), never plain text');
    expect(build).not.toThrow(/hunter2/);
  });

  it('leaves out empty sections, which the schema would reject (minItems 1)', () => {
    expect(buildCloudConfig({ packages: [], runcmd: [], writeFiles: [] })).toEqual({});
    expect(renderCloudConfig({})).toBe('#cloud-config\n{}\n');
  });

  it('writes permissions as quoted octal strings, defaulting to 0644', () => {
    const text = renderCloudConfig(full);
    expect(text).toContain('permissions: "0644"');
    expect(text).toContain('permissions: "0755"');
  });

  it('rejects permissions that are not an octal string', () => {
    const bad = { writeFiles: [{ path: '/x', content: '', permissions: '755' }] };
    expect(() => buildCloudConfig(bad)).toThrow(InternalError);
    expect(() => buildCloudConfig(bad)).toThrow(/permissions "755" of \/x: must be an octal string/);
  });

  it('quotes strings PyYAML would read as booleans or numbers (YAML 1.1)', () => {
    const text = renderCloudConfig({ runcmd: ['yes', 'on', 'no'], packages: ['0644'] });
    expect(text).toContain('- "yes"');
    expect(text).toContain('- "on"');
    expect(text).toContain('- "0644"');
    expect(parseCloudConfig(text)).toEqual({ runcmd: ['yes', 'on', 'no'], packages: ['0644'] });
  });

  it('keeps file content byte for byte, long lines unfolded', () => {
    const content = `#!/bin/sh\n# ${'x'.repeat(200)}\nprintf '%s\\n' "a: b"  \n`;
    const doc = parseCloudConfig(renderCloudConfig({ writeFiles: [{ path: '/x', content }] })) as { write_files: { content: string }[] };
    expect(doc.write_files[0]?.content).toBe(content);
  });
});

describe.skipIf(cloudConfigSchemaSkipReason !== undefined)(`cloud-config JSON schema ${cloudConfigSchemaSkipReason ?? ''}`, () => {
  it('accepts a document with every section the builder writes', () => {
    expect(cloudConfigSchemaErrors(renderCloudConfig(full))).toEqual([]);
  });

  it('rejects what the schema forbids, so a pass means something', () => {
    expect(cloudConfigSchemaErrors('#cloud-config\nruncmd: "echo hi"\n')).not.toEqual([]);
    expect(cloudConfigSchemaErrors('#cloud-config\nwrite_files:\n  - path: /x\n    permissions: 644\n')).not.toEqual([]);
    expect(cloudConfigSchemaErrors('#cloud-config\nbogus_top_level_key: 1\n')).not.toEqual([]);
  });
});

describe.skipIf(cloudInitSkipReason !== undefined)(`cloud-init schema --config-file ${cloudInitSkipReason ?? ''}`, () => {
  it('accepts a document with every section the builder writes', async () => {
    const verdict = await cloudInitSchema(renderCloudConfig(full));
    expect(verdict.output).toContain('Valid cloud-config');
    expect(verdict.valid).toBe(true);
  });

  it('rejects an invalid users entry', async () => {
    const verdict = await cloudInitSchema('#cloud-config\nusers:\n  - name: x\n    lock_passwd: "no"\n');
    expect(verdict.valid).toBe(false);
    expect(verdict.output).toContain('users.0');
  });
});
