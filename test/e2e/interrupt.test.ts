/**
 * SIGINT against a server that accepts the TCP connection and never answers TLS: the command ends
 * at once with 130, the connection still opening cut, as docs/running.md promises (it used to wait
 * out the connect timeout: 19 s for status, 51 s for cleanup). One that takes longer fails by the 15 s test timeout.
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, plainStderrLines, runCli, startCli } from './support/cli.js';

let server: Server;
let kubeconfig: string;
const connections: Socket[] = [];

beforeAll(async () => {
  await ensureBuilt();
  server = createServer((socket) => {
    socket.on('error', () => undefined);
    connections.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the silent server has no port');
  kubeconfig = await writeBareKubeconfig(`https://127.0.0.1:${address.port}`, { token: 't' });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  for (const socket of connections) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('SIGINT while a connection is still opening', () => {
  it.each([[['status']], [['cleanup', '--yes']], [['run', '--workloads', 'cpu']]])(
    'virtwork %j exits 130 at once',
    async (args) => {
      const before = connections.length;
      const cli = startCli([...args, '--kubeconfig', kubeconfig, '--no-audit'], isolatedEnv());
      await expect.poll(() => connections.length, { timeout: 10_000 }).toBeGreaterThan(before);
      cli.child.kill('SIGINT');
      const result = await cli.done;
      expect(result.code).toBe(130);
      expect(plainStderrLines(result.stderr)).toEqual(['error: interrupted by SIGINT']);
    },
    15_000,
  );
});

describe('SIGINT during a dry run', () => {
  it('stops printing 100,000 VMs at once, exits 130 and records the dry run interrupted', async () => {
    const env = isolatedEnv({ XDG_STATE_HOME: await mkdtemp(path.join(tmpdir(), 'virtwork-interrupt-state-')) });
    const cli = startCli(['run', '--dry-run', '--workloads', 'cpu', '--vm-count', '100000', '-o', 'json'], env);
    // The List is being printed: its first objects are out, and 100,000 VMs take far longer than this test's timeout.
    await expect.poll(() => cli.output().stdout.length, { timeout: 10_000 }).toBeGreaterThan(100_000);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    expect(plainStderrLines(result.stderr)).toEqual(['error: interrupted by SIGINT']);
    // it did not run to the end: the List was never completed
    expect(result.stdout).not.toContain('virtwork-cpu-99999');
    expect(() => JSON.parse(result.stdout) as unknown).toThrow();
    const audit = await runCli(['audit', 'list', '-o', 'json'], env);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject([{ command: 'dry-run', status: 'interrupted', totalVmCount: 100_000 }]);
  }, 30_000);
});
