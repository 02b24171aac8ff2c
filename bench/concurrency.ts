/**
 * `--vm-concurrency auto` against the fixed 10 it replaced as the default, on the simulator with 20 ms
 * per request and probes passing 100 ms after Running, at two in-flight limits: 50 (auto should be
 * at least 3x faster, with few 429s) and 5 (auto should be no slower, with fewer 429s).
 *
 *   npm run bench:concurrency              # 2,000 VMs
 *   npm run bench:concurrency -- --vms 10000
 */
import { parseArgs } from 'node:util';
import { runBench } from './lib/main.js';
import { formatResult, measureConcurrencyCases, type ConcurrencyCase, type ConcurrencyResult } from './lib/concurrency-cases.js';

const CASES: readonly ConcurrencyCase[] = [
  { maxInFlight: 50, concurrency: 10 },
  { maxInFlight: 50, concurrency: 'auto' },
  // what the ceiling itself reaches on this machine: auto cannot beat it
  { maxInFlight: 50, concurrency: 50 },
  { maxInFlight: 5, concurrency: 10 },
  { maxInFlight: 5, concurrency: 'auto' },
];
const BUDGET_SPEEDUP_AT_50 = 3;

const find = (results: readonly ConcurrencyResult[], maxInFlight: number, concurrency: number | 'auto'): ConcurrencyResult => {
  const found = results.find((r) => r.maxInFlight === maxInFlight && r.concurrency === concurrency);
  if (!found) throw new Error(`no result for --max-inflight ${maxInFlight}, --vm-concurrency ${concurrency}`);
  return found;
};

runBench(async () => {
  const { values } = parseArgs({ options: { vms: { type: 'string', default: '2000' } } });
  const vms = Number(values.vms);
  const results = await measureConcurrencyCases(vms, CASES, undefined, (r) => process.stdout.write(`${formatResult(r)}\n`));
  const autoAt50 = find(results, 50, 'auto');
  const speedup = find(results, 50, 10).seconds / autoAt50.seconds;
  const ceiling = find(results, 50, 50).seconds / autoAt50.seconds;
  const fixedAt5 = find(results, 5, 10);
  const autoAt5 = find(results, 5, 'auto');
  // a fixed 10 that fails (its requests' retries run out on 429s) is slower than any run that finishes
  const fixedAt5Seconds = fixedAt5.failure === undefined ? `${fixedAt5.seconds.toFixed(2)} s` : 'failed';
  process.stdout.write(
    `max-inflight 50: auto is ${speedup.toFixed(2)}x as fast as the fixed 10 (budget: at least ${BUDGET_SPEEDUP_AT_50}x), ` +
      `${ceiling.toFixed(2)}x the fixed 50\n` +
      `max-inflight 5: auto ${autoAt5.seconds.toFixed(2)} s and ${autoAt5.tooManyRequests} x 429, ` +
      `fixed 10 ${fixedAt5Seconds} and ${fixedAt5.tooManyRequests} x 429 (budget: auto no slower, fewer 429s)\n`,
  );
  const slowerAt5 = fixedAt5.failure === undefined && autoAt5.seconds > fixedAt5.seconds;
  return (
    autoAt50.failure !== undefined ||
    autoAt5.failure !== undefined ||
    speedup < BUDGET_SPEEDUP_AT_50 ||
    slowerAt5 ||
    autoAt5.tooManyRequests >= fixedAt5.tooManyRequests
  );
});
