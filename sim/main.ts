/**
 * The simulator as a process, for developers, benchmarks and kubectl:
 *
 *   npm run sim -- --kubeconfig FILE [--port N] [--tls] [--latency-ms N] [--max-inflight N] [--ready-after-ms N]
 *
 * Writes a kubeconfig for it to FILE, prints exactly one stdout line `sim ready <url>` once it
 * listens, and serves until SIGTERM/SIGINT. With --tls it also requires a bearer token (in the
 * kubeconfig). Readiness probes pass --ready-after-ms (default 2000) after a VMI runs.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: npm run sim -- --kubeconfig FILE [--port N] [--tls] [--latency-ms N] [--max-inflight N] [--ready-after-ms N] [--namespace NS]';

const numberFlag = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}=${raw}: expected a non-negative number\n${USAGE}`);
  return n;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      port: { type: 'string' },
      tls: { type: 'boolean', default: false },
      'latency-ms': { type: 'string' },
      'max-inflight': { type: 'string' },
      'ready-after-ms': { type: 'string' },
      namespace: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  if (!values.kubeconfig) throw new Error(`--kubeconfig is required\n${USAGE}`);
  const port = numberFlag(values.port, 'port');
  const latencyMs = numberFlag(values['latency-ms'], 'latency-ms');
  const maxInFlight = numberFlag(values['max-inflight'], 'max-inflight');
  // Loaded after the flags are checked: a usage error answers without loading the server.
  const { startSimCluster } = await import('./index.js');
  const sim = await startSimCluster({
    tls: values.tls,
    ...(values.tls ? { token: randomBytes(24).toString('base64url') } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
    readyAfterMs: numberFlag(values['ready-after-ms'], 'ready-after-ms') ?? 2000,
    ...(values.namespace ? { namespaces: values.namespace } : {}),
  });
  await sim.writeKubeconfig(values.kubeconfig);
  const shutdown = (): void => {
    sim.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`sim: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`sim ready ${sim.url}\n`);
};

main().catch((e: unknown) => {
  process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
