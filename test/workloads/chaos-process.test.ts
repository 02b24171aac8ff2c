import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { getWorkloadDefinition } from '../../src/workloads/registry.js';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

const SCRIPT = '/usr/local/bin/virtwork-chaos-process';

describe('chaos-process', () => {
  it('is opt-in', () => {
    expect(getWorkloadDefinition('chaos-process').optIn).toBe(true);
  });

  it('sends SIGTERM every 30 s to a random process with PID >= 1000 by default', () => {
    const script = render('chaos-process').file(SCRIPT);
    expect(script).toContain('  sleep 30\n');
    expect(script).toContain('awk -v min=1000 ');
    expect(script).toContain('kill -s TERM "$pid"');
  });

  it('takes signal, interval and lowest PID from params', () => {
    const script = render('chaos-process', { params: OVERRIDES['chaos-process'] }).file(SCRIPT);
    expect(script).toContain('  sleep 10\n');
    expect(script).toContain('awk -v min=2000 ');
    expect(script).toContain('kill -s KILL "$pid"');
  });

  it('spares systemd, sshd, dbus, agetty, auditd, rsyslogd, chronyd, NetworkManager, shells, cloud-init and qemu-ga by name', () => {
    const script = render('chaos-process').file(SCRIPT);
    const names = /protected_names='\^\((.*)\)\$'/.exec(script)?.[1]?.split('|');
    for (const name of ['systemd.*', 'sshd.*', 'dbus.*', 'agetty', 'auditd', 'rsyslogd', 'chronyd', 'NetworkManager', 'sh', 'bash', 'cloud-init', 'qemu-ga']) {
      expect(names).toContain(name);
    }
  });

  it("spares every virtwork unit (itself included), cloud-init's units and the guest agent by cgroup", () => {
    const script = render('chaos-process').file(SCRIPT);
    const units = new RegExp(/protected_units='(.*)'/.exec(script)?.[1] ?? 'unmatched');
    expect(units.test('0::/system.slice/virtwork-chaos-process.service')).toBe(true);
    expect(units.test('0::/system.slice/virtwork-database.service')).toBe(true);
    expect(units.test('0::/system.slice/cloud-final.service')).toBe(true);
    expect(units.test('0::/system.slice/qemu-guest-agent.service')).toBe(true);
    expect(units.test('0::/system.slice/postgresql.service')).toBe(false);
    expect(units.test('0::/user.slice/user-1000.slice/session-3.scope')).toBe(false);
  });

  it("picks candidates on this machine's real process table without a protected name or a low PID", () => {
    const script = render('chaos-process').file(SCRIPT);
    const names = /protected_names='(.*)'/.exec(script)?.[1] ?? '';
    const pipeline = /\$\((ps -eo .*) \| shuf\)/.exec(script)?.[1] ?? '';
    const result = spawnSync('sh', ['-c', `protected_names='${names}'; ${pipeline}`], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const pids = result.stdout.split('\n').filter(Boolean).map(Number);
    const table = spawnSync('ps', ['-eo', 'pid=,comm='], { encoding: 'utf8' }).stdout;
    const comm = new Map(table.split('\n').filter(Boolean).map((line) => {
      const [pid, name] = line.trim().split(/\s+/);
      return [Number(pid), name ?? ''] as const;
    }));
    for (const pid of pids) {
      expect(pid).toBeGreaterThanOrEqual(1000);
      const name = comm.get(pid);
      if (name !== undefined) expect(name).not.toMatch(new RegExp(names));
    }
    // The shell running the pipeline is a candidate by PID but must be spared by name.
    expect([...comm.entries()].some(([pid, name]) => pid >= 1000 && name === 'sh' && pids.includes(pid))).toBe(false);
  });

  it('accepts only the listed signals', () => {
    expect(() => create('chaos-process', { params: { signal: 'SIGSTOP' } })).toThrow(
      '--params chaos-process.signal=SIGSTOP: must be one of SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 (default SIGTERM)',
    );
  });
});
