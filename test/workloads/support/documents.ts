/**
 * Every cloud-config document the built-in workloads can produce: each workload x role x guest OS x
 * SSH form x default or overridden params x with or without package installation.
 */
import { GUEST_OS_NAMES, type GuestOsName } from '../../../src/workloads/guest/guest-profile.js';
import type { ParamValues } from '../../../src/workloads/params.js';
import { builtins } from '../../../src/workloads/registry.js';
import { render, SSH, type Rendered } from './render.js';

/** A non-default value for every param, given as strings as `--params` gives them. */
export const OVERRIDES: Readonly<Record<string, ParamValues>> = {
  cpu: { 'cpu-load-percent': '50', 'cpu-method': 'matrixprod' },
  memory: { 'memory-percent': '60', 'vm-stressors': '2', 'vm-method': 'flip' },
  disk: { 'block-size-rw': '8k', 'block-size-seq': '1M', rwmixread: '50', numjobs: '8', runtime: '120' },
  database: { 'scale-factor': '10', clients: '1', duration: '60' },
  network: { 'parallel-streams': '8', 'test-duration': '30' },
  tps: { 'file-size': '1M', iterations: '5', duration: '20' },
  'chaos-disk': { mount: '/srv/fill', 'fill-percent': '75', 'fill-sleep': '10', 'release-sleep': '5' },
  'chaos-network': { 'latency-ms': '250', 'packet-loss-percent': '0.5' },
  'chaos-process': { signal: 'SIGKILL', interval: '10', 'min-pid': '2000' },
};

export interface Variant {
  readonly workload: string;
  readonly role?: string | undefined;
  readonly guestOs: GuestOsName;
  readonly ssh: string;
  readonly overridden: boolean;
  readonly skipPackageInstall: boolean;
}

export const label = (v: Variant): string =>
  [
    v.workload,
    v.role,
    v.guestOs,
    v.ssh,
    v.overridden ? 'params overridden' : 'default params',
    v.skipPackageInstall ? 'no packages' : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' / ');

/** Each workload's roles, or one undefined role for single-role workloads. */
export const roleVariants = (): { workload: string; role?: string }[] =>
  builtins.flatMap((w) => (w.roles.length === 0 ? [{ workload: w.name }] : w.roles.map((role) => ({ workload: w.name, role }))));

export const allVariants = (): Variant[] =>
  roleVariants().flatMap(({ workload, role }) =>
    GUEST_OS_NAMES.flatMap((guestOs) =>
      Object.keys(SSH).flatMap((ssh) =>
        [false, true].flatMap((overridden) =>
          [false, true].map((skipPackageInstall) => ({ workload, role, guestOs, ssh, overridden, skipPackageInstall })),
        ),
      ),
    ),
  );

export const renderVariant = (v: Variant): Rendered =>
  render(v.workload, {
    role: v.role,
    guestOs: v.guestOs,
    ssh: SSH[v.ssh],
    params: v.overridden ? OVERRIDES[v.workload] : {},
    skipPackageInstall: v.skipPackageInstall,
  });

export interface EmbeddedScript {
  readonly where: string;
  readonly shell: 'sh' | 'bash';
  readonly text: string;
}

/** Programs in other languages: the health endpoint, which test/workloads/guest/health.test.ts runs. */
const NOT_SHELL = new Set(['#!/usr/bin/python3']);

/**
 * The shell code a document carries: every write_files entry with a shell shebang, and runcmd turned
 * into a script the way cloud-init does it (`#!/bin/sh`, a string as written, a list shell-quoted).
 */
export const scriptsOf = (rendered: Rendered): EmbeddedScript[] => {
  const files = rendered.doc.write_files
    .filter((f) => f.content.startsWith('#!') && !NOT_SHELL.has(f.content.slice(0, f.content.indexOf('\n'))))
    .map((f): EmbeddedScript => {
      const shebang = f.content.slice(0, f.content.indexOf('\n'));
      if (shebang !== '#!/bin/sh' && shebang !== '#!/bin/bash') throw new Error(`${f.path}: unexpected shebang ${shebang}`);
      return { where: f.path, shell: shebang === '#!/bin/bash' ? 'bash' : 'sh', text: f.content };
    });
  const runcmd = ['#!/bin/sh', ...rendered.doc.runcmd.map((c) => (typeof c === 'string' ? c : c.map(shellQuote).join(' ')))].join('\n');
  return [...files, { where: 'runcmd', shell: 'sh', text: `${runcmd}\n` }];
};

const shellQuote = (word: string): string => `'${word.replaceAll("'", `'"'"'`)}'`;
