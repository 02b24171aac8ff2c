/**
 * Every document the built-in workloads can produce is valid cloud-config (cloud-init's JSON schema,
 * and cloud-init's own validator), carries its shell code shellcheck-clean, and carries the SSH
 * user as asked, with the password only ever as its SHA-512 hash.
 */
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { builtins } from '../../src/workloads/registry.js';
import {
  cloudConfigSchemaErrors,
  cloudConfigSchemaSkipReason,
  cloudInitSchema,
  cloudInitSkipReason,
} from '../support/cloud-config-schema.js';
import { allVariants, label, renderVariant, roleVariants, scriptsOf, type Variant } from './support/documents.js';
import { PASSWORD_HASH, PLAIN_PASSWORD, SSH } from './support/render.js';
import { shellcheck, shellcheckSkipReason } from './support/shellcheck.js';

const documents = allVariants().map((variant) => ({ variant, label: label(variant), rendered: renderVariant(variant) }));

describe('the document matrix', () => {
  it('covers every built-in workload, each role, both guest OSes and all four SSH forms', () => {
    expect(new Set(documents.map((d) => d.variant.workload))).toEqual(new Set(builtins.map((w) => w.name)));
    expect(roleVariants()).toHaveLength(11);
    expect(documents).toHaveLength(11 * 2 * 4 * 2 * 2);
  });
});

describe.skipIf(cloudConfigSchemaSkipReason !== undefined)(
  `cloud-init JSON schema (Ajv draft-04) ${cloudConfigSchemaSkipReason ?? ''}`,
  () => {
    it.each(documents)('$label', ({ rendered }) => {
      expect(cloudConfigSchemaErrors(rendered.text)).toEqual([]);
    });
  },
);

/**
 * cloud-init takes a second or more per file, so it checks a covering set rather than all documents:
 * every workload x role x guest OS with every section present (password, keys, packages, overridden
 * params), plus, on one guest OS, every other SSH form and the package-less form. Params change only
 * text inside scripts and the users block is the same on every OS; the JSON schema above checks all.
 */
const covering = documents.filter(
  ({ variant: v }) =>
    (v.ssh === 'password and keys' && v.overridden && !v.skipPackageInstall) ||
    (v.workload === 'cpu' && v.guestOs === 'fedora' && !v.overridden && (v.ssh === 'password and keys') === v.skipPackageInstall),
);
/** Two cloud-init processes at a time: the cores are shared. */
const cloudInit = pLimit(2);

describe.skipIf(cloudInitSkipReason !== undefined)(`cloud-init schema --config-file ${cloudInitSkipReason ?? ''}`, () => {
  it('checks every workload role on both guest OSes and every SSH form', () => {
    expect(covering).toHaveLength(11 * 2 + Object.keys(SSH).length);
  });

  it.concurrent.each(covering)('$label', async ({ rendered }) => {
    const verdict = await cloudInit(() => cloudInitSchema(rendered.text));
    expect(verdict.output).toContain('Valid cloud-config');
    expect(verdict.valid).toBe(true);
  });
});

/** Identical scripts appear in many documents: check each distinct text once, named by where it was first seen. */
const scripts = [
  ...new Map(
    documents.flatMap(({ label, rendered }) =>
      scriptsOf(rendered).map((script) => [script.text, { ...script, label: `${label}: ${script.where}` }] as const),
    ).reverse(),
  ).values(),
];

describe.skipIf(shellcheckSkipReason !== undefined)(`shellcheck on every embedded script ${shellcheckSkipReason ?? ''}`, () => {
  it('finds the scripts: disk setup, role scripts, setup scripts and runcmd', () => {
    const paths = new Set(scripts.map((s) => s.where));
    expect(paths).toEqual(
      new Set([
        'runcmd',
        '/usr/local/bin/virtwork-disk-setup',
        '/usr/local/bin/virtwork-disk',
        '/usr/local/bin/virtwork-database-setup',
        '/usr/local/bin/virtwork-database',
        '/usr/local/bin/virtwork-network-client',
        '/usr/local/bin/virtwork-tps-server',
        '/usr/local/bin/virtwork-tps-client',
        '/usr/local/bin/virtwork-chaos-disk',
        '/usr/local/bin/virtwork-chaos-network',
        '/usr/local/bin/virtwork-chaos-process',
      ]),
    );
    expect(scripts.some((s) => s.shell === 'bash')).toBe(true);
  });

  it('reports an unquoted expansion, so a clean result means something', () => {
    expect(shellcheck('#!/bin/sh\nrm -rf $1/data\n', 'sh')).toContain('SC2086');
  });

  it.each(scripts)('$label', (script) => {
    expect(shellcheck(script.text, script.shell)).toBe('');
  });
});

describe('SSH access in every document', () => {
  const byVariant = (predicate: (v: Variant) => boolean) => documents.filter((d) => predicate(d.variant));

  it('never carries the plain password, only its SHA-512 hash', () => {
    for (const { rendered } of documents) expect(rendered.text).not.toContain(PLAIN_PASSWORD);
    for (const { rendered } of byVariant((v) => v.ssh.startsWith('password'))) {
      expect(rendered.text).toContain(`passwd: ${PASSWORD_HASH}`);
    }
  });

  it('keeps the default user and adds the SSH user exactly as the run asked', () => {
    for (const { variant, rendered } of documents) {
      const ssh = SSH[variant.ssh]!;
      expect(rendered.doc.users?.[0]).toBe('default');
      expect(rendered.doc.users?.[1]).toMatchObject({
        name: ssh.user,
        lock_passwd: ssh.passwordHash === undefined,
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
      });
      const keys = (rendered.doc.users?.[1] as { ssh_authorized_keys?: string[] }).ssh_authorized_keys;
      expect(keys ?? []).toEqual(ssh.authorizedKeys);
      expect(rendered.doc.ssh_pwauth).toBe(ssh.passwordHash === undefined ? undefined : true);
    }
  });
});

describe('packages', () => {
  it('are left out entirely with skipPackageInstall, and always include the guest agent otherwise', () => {
    for (const { variant, rendered } of documents) {
      if (variant.skipPackageInstall) expect(rendered.doc.packages).toBeUndefined();
      else expect(rendered.doc.packages).toContain('qemu-guest-agent');
    }
  });
});
