/**
 * SIGINT against a server that accepts the TCP connection and never answers TLS: the command ends
 * at once with 130, the connection still opening cut, as docs/running.md promises (it used to wait
 * out the connect timeout: 19 s for status, 51 s for cleanup). One that takes longer fails by the 15 s test timeout.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, plainStderrLines, startCli } from './support/cli.js';

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

describe('SIGINT during CPU-bound work', () => {
  it('ends a dry run of 10,000 VMs at once, planning or printing, as Ctrl-C is expected to', async () => {
    const cli = startCli(['run', '--dry-run', '--vm-count', '1250', '-o', 'json'], isolatedEnv());
    // Well inside the seconds the plan and its printing take, and after the CLI has started.
    await new Promise((resolve) => setTimeout(resolve, 700));
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.signal).toBe('SIGINT');
    // it did not run to the end: the List of 10,000 VMs was never completed
    expect(() => JSON.parse(result.stdout) as unknown).toThrow();
  }, 15_000);
});
