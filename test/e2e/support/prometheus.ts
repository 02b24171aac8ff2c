/**
 * A real Prometheus (Debian's `prometheus`, installed by CI) for tests: started on a free port with
 * a temporary config that scrapes the simulator's /metrics every second, and its own storage.
 * Without the binary the suites skip with one line, except under CI=true, where it is an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BINARY = 'prometheus';

export const havePrometheus = (): boolean => spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;

/** Whether to skip the suite; throws under CI=true, where Prometheus must be installed. */
export const prometheusMissing = (): boolean => {
  if (havePrometheus()) return false;
  if (process.env.CI === 'true') throw new Error(`${BINARY} is not on PATH (Debian: apt-get install prometheus; .ci/run installs it)`);
  console.warn(`skipping the Prometheus tests: no ${BINARY} on PATH (Debian: apt-get install prometheus)`);
  return true;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface TestPrometheus {
  readonly url: string;
  /** An instant query through the HTTP API: the raw `data` of a success, else it throws with the error. */
  query(promql: string): Promise<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `target` (`host:port`, plain HTTP) every second. */
export const startPrometheus = async (target: string): Promise<TestPrometheus> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-prometheus-'));
  const port = await freePort();
  const config = ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:', '  - job_name: kubevirt', '    static_configs:', `      - targets: ['${target}']`, ''].join('\n');
  await writeFile(path.join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(
    BINARY,
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`prometheus not ready within 20 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    query: async (promql) => {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql }).toString()}`);
      const body = (await res.json()) as { status: string; error?: string; data: Awaited<ReturnType<TestPrometheus['query']>> };
      if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? res.status}`);
      return body.data;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
};
