/**
 * The health endpoint's program, run for real with this machine's python3 against a stand-in
 * `systemctl` that answers `show` as systemd does: what the kubelet's GET sees as units come and go.
 * (The guest suite runs it under real systemd, from the dry run's Secret.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEALTH_PATH, HEALTH_PORT } from '../../../src/constants.js';
import { HEALTH_SCRIPT, HEALTH_UNIT, healthFiles } from '../../../src/workloads/guest/health.js';
import { freePort } from '../../support/free-port.js';
import { hasCommand, skipReason } from '../../support/schemas-dir.js';

const pythonSkip = skipReason(hasCommand('python3'), 'python3 is not installed');
const hasIpv6 =
  pythonSkip === undefined && spawnSync('python3', ['-c', 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))']).status === 0;

/** `systemctl show --property=Id,ActiveState -- UNIT...` from a file of `unit state` lines; absent units read inactive. */
const FAKE_SYSTEMCTL = `#!/bin/sh
[ "$1" = show ] || exit 1
shift 3
first=1
for unit in "$@"; do
  state=$(awk -v u="$unit" '$1 == u { print $2 }' "$STATES_FILE")
  [ "$first" = 1 ] || echo
  first=0
  echo "ActiveState=\${state:-inactive}"
  echo "Id=$unit"
done
`;

describe('healthFiles', () => {
  it('installs the program executable under /usr/local/bin and a unit that names port, path and units', () => {
    const [program, unit] = healthFiles(['virtwork-tps-server.service']);
    expect(program).toEqual({ path: '/usr/local/bin/virtwork-health', content: HEALTH_SCRIPT, permissions: '0755' });
    expect(unit?.path).toBe(`/etc/systemd/system/${HEALTH_UNIT}`);
    expect(unit?.content).toContain(`ExecStart=/usr/local/bin/virtwork-health ${HEALTH_PORT} ${HEALTH_PATH} virtwork-tps-server.service\n`);
    expect(unit?.content).toContain('Restart=always\n');
  });

  it('refuses no units and a unit name that would reach the shell or systemd unquoted', () => {
    expect(() => healthFiles([])).toThrow(/at least one unit/);
    expect(() => healthFiles(['a.service b'])).toThrow(/cannot report on unit/);
    expect(() => healthFiles(['virtwork-cpu'])).toThrow(/cannot report on unit/);
  });
});

describe.skipIf(pythonSkip !== undefined)(`the health endpoint under python3 ${pythonSkip ?? ''}`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-health-'));
  const statesFile = path.join(dir, 'states');
  const setStates = (states: Record<string, string>): void =>
    writeFileSync(statesFile, Object.entries(states).map(([unit, state]) => `${unit} ${state}\n`).join(''));
  let server: ChildProcess;
  let port: number;
  let journal = '';

  const get = async (urlPath: string, host = '127.0.0.1'): Promise<{ status: number; body: string }> => {
    const response = await fetch(`http://${host}:${port}${urlPath}`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'virtwork-health'), HEALTH_SCRIPT);
    writeFileSync(path.join(dir, 'systemctl'), FAKE_SYSTEMCTL);
    chmodSync(path.join(dir, 'systemctl'), 0o755);
    setStates({ 'virtwork-a.service': 'activating', 'virtwork-b.service': 'active' });
    port = await freePort();
    server = spawn('python3', [path.join(dir, 'virtwork-health'), String(port), HEALTH_PATH, 'virtwork-a.service', 'virtwork-b.service'], {
      env: { PATH: `${dir}:/usr/bin:/bin`, STATES_FILE: statesFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr?.on('data', (chunk: Buffer) => (journal += chunk.toString()));
    await vi.waitFor(() => {
      if (!journal.includes('serving GET /readyz')) throw new Error(`the health endpoint has not started: ${journal}`);
    }, 10_000);
  });

  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is valid Python that compiles', () => {
    const result = spawnSync('python3', ['-m', 'py_compile', path.join(dir, 'virtwork-health')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('answers 503 naming the unit that is not active yet', async () => {
    setStates({ 'virtwork-a.service': 'activating', 'virtwork-b.service': 'active' });
    expect(await get(HEALTH_PATH)).toEqual({ status: 503, body: 'not ready: virtwork-a.service is activating\n' });
  });

  it('answers 200 once every unit is active, and 503 again when one fails', async () => {
    setStates({ 'virtwork-a.service': 'active', 'virtwork-b.service': 'active' });
    expect(await get(HEALTH_PATH)).toEqual({ status: 200, body: 'ready: virtwork-a.service, virtwork-b.service active\n' });
    setStates({ 'virtwork-a.service': 'active', 'virtwork-b.service': 'failed' });
    expect(await get(HEALTH_PATH)).toEqual({ status: 503, body: 'not ready: virtwork-b.service is failed\n' });
  });

  it('counts a unit systemd does not report as not ready', async () => {
    setStates({ 'virtwork-a.service': 'active' });
    expect(await get(HEALTH_PATH)).toEqual({ status: 503, body: 'not ready: virtwork-b.service is inactive\n' });
  });

  it('ignores a query string, as the kubelet never sends one but a person might', async () => {
    setStates({ 'virtwork-a.service': 'active', 'virtwork-b.service': 'active' });
    expect((await get(`${HEALTH_PATH}?verbose=1`)).status).toBe(200);
  });

  it('answers 404 on any other path', async () => {
    expect(await get('/healthz')).toEqual({ status: 404, body: 'not found: the readiness endpoint is GET /readyz\n' });
  });

  it('logs each change of verdict once, not every probe', async () => {
    setStates({ 'virtwork-a.service': 'active', 'virtwork-b.service': 'active' });
    await get(HEALTH_PATH);
    await get(HEALTH_PATH);
    setStates({ 'virtwork-a.service': 'deactivating', 'virtwork-b.service': 'active' });
    await get(HEALTH_PATH);
    const lines = journal.trim().split('\n');
    expect(lines.at(-1)).toBe('not ready: virtwork-a.service is deactivating');
    expect(lines.at(-2)).toBe('ready: virtwork-a.service, virtwork-b.service active');
  });

  it.runIf(hasIpv6)('listens on IPv6 as well as IPv4 (on a machine with IPv6)', async () => {
    setStates({ 'virtwork-a.service': 'active', 'virtwork-b.service': 'active' });
    expect((await get(HEALTH_PATH, '[::1]')).status).toBe(200);
  });
});
