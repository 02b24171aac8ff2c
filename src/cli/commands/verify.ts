/**
 * `virtwork verify [--run-id ID] [--prometheus-url URL] [--token T | --token-file F] [--window 5m]`:
 * whether Prometheus sees each VM of a run move the KubeVirt series its workload should move.
 * Exit 0 when every VM's load is visible, 1 when any is not, 2 on bad input.
 */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { EnvironmentError, InvalidInputError, VirtworkError } from '../../errors.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import { completeCommon, withCluster } from './cluster-command.js';
import type { VerifySource } from '../../orchestrator/verify.js';
import type { VerifyTarget } from '../../orchestrator/verify-checks.js';

interface VerifyFlags {
  readonly runId?: string;
  readonly prometheusUrl?: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly window: string;
  readonly insecureSkipTlsVerify?: boolean;
}

/** A Prometheus range: a number and a unit, as PromQL writes it. */
const WINDOW_PATTERN = /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/;

/** The checks a verify runs found not all of the load. */
export class VerifyFailedError extends VirtworkError {
  constructor(readonly failing: readonly string[]) {
    super(`no visible load as expected for ${failing.length === 1 ? 'VM' : 'VMs'} ${failing.join(', ')} (see the table; -o json gives each query)`);
    this.name = 'VerifyFailedError';
  }
}

export const validateVerifyFlags = (flags: VerifyFlags): void => {
  if (!WINDOW_PATTERN.test(flags.window)) {
    throw new InvalidInputError('--window', flags.window, 'expected a Prometheus duration such as 30s, 5m or 1h');
  }
  if (flags.token !== undefined && flags.tokenFile !== undefined) {
    throw new InvalidInputError('--token-file', flags.tokenFile, 'give --token or --token-file, not both');
  }
  if (flags.prometheusUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(flags.prometheusUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new InvalidInputError('--prometheus-url', flags.prometheusUrl, 'expected an http:// or https:// URL, such as https://thanos-querier-openshift-monitoring.apps.example.com');
    }
  }
};

const readToken = async (file: string): Promise<string> => {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new InvalidInputError('--token-file', file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a file holding a bearer token, such as a ServiceAccount's`, { cause: error });
  }
};

export const verifyCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(new Command('verify'), COMMAND_FORMATS.verify), [
    'virtwork verify',
    'virtwork verify --run-id 3f2a --window 10m -o json',
    'virtwork verify --prometheus-url http://127.0.0.1:9090 --window 2m',
    'virtwork verify --token-file /var/run/secrets/kubernetes.io/serviceaccount/token',
  ])
    .description("Check in Prometheus that each VM of a run moves the KubeVirt series its workload should move")
    .option('--run-id <uuid>', "only this run's VMs (a unique prefix will do); default every virtwork VM in the namespace")
    .option('--prometheus-url <url>', "Prometheus query API; default the thanos-querier Route in openshift-monitoring")
    .option('--token <token>', 'bearer token for Prometheus; default the kubeconfig context\'s')
    .option('--token-file <file>', 'file holding the bearer token (a ServiceAccount\'s)')
    .addOption(new Option('--window <duration>', 'range the rates are taken over (PromQL duration)').default('5m'))
    .option('--insecure-skip-tls-verify', "do not verify Prometheus's certificate (else the system's CAs and the cluster's)")
    .action(async (flags: VerifyFlags, command: Command) => {
      const { config, logger } = await completeCommon(command, ctx, 'global', { usesNamespace: true });
      validateVerifyFlags(flags);
      const flagToken = flags.tokenFile !== undefined ? await readToken(flags.tokenFile) : flags.token;
      const [{ collectVerifyTargets, verifyTargets, isFailing }, { withWorkloadParams }, { resolveRunIdOnCluster }, { createPrometheusClient }, { kubeCredentials }, { auditVerifyTargets }] =
        await Promise.all([
          import('../../orchestrator/verify.js'),
          import('../../orchestrator/verify-params.js'),
          import('../../orchestrator/run-id-on-cluster.js'),
          import('../../cluster/prometheus.js'),
          import('../../cluster/kube-credentials.js'),
          import('../../orchestrator/verify-audit-targets.js'),
        ]);
      const report = await withCluster(config, ctx, logger, async (api) => {
        let runId: string | undefined;
        let found: VerifyTarget[] = [];
        let source: VerifySource = 'cluster';
        if (flags.runId !== undefined) {
          // The run's VMs on the cluster; else, for a run cleaned up since, as the audit store recorded them.
          const onCluster = await resolveRunIdOnCluster(api, flags.runId, { namespace: config.namespace }).catch((error: unknown) => {
            if (error instanceof InvalidInputError && error.message.includes('no run id')) return undefined;
            throw error;
          });
          if (onCluster !== undefined) {
            runId = onCluster;
            found = await collectVerifyTargets(api, { namespace: config.namespace, runId });
          }
          if (found.length === 0 && config.audit) {
            const recorded = await auditVerifyTargets(config.auditDb, flags.runId, config.namespace);
            if (recorded !== undefined && recorded.targets.length > 0) {
              ({ runId, targets: found } = recorded);
              source = 'audit';
            }
          }
          if (found.length === 0) {
            throw new EnvironmentError(
              `no VMs of run ${runId ?? flags.runId} in namespace ${config.namespace}, on the cluster or in the audit store${config.audit ? ` ${config.auditDb}` : ' (--no-audit)'}: nothing to verify (check --run-id, -n and --context)`,
            );
          }
        } else {
          found = await collectVerifyTargets(api, { namespace: config.namespace });
        }
        // Nothing to look for proves nothing: most likely the wrong namespace or context.
        if (found.length === 0) {
          throw new EnvironmentError(`no virtwork VMs in namespace ${config.namespace}: nothing to verify (check -n and --context)`);
        }
        const targets = await withWorkloadParams(found, config.audit ? config.auditDb : undefined);
        const credentials = await kubeCredentials(api.cluster.kubeConfig);
        const { thanosQuerierUrl } = await import('../../kube/monitoring-route.js');
        const url = flags.prometheusUrl ?? (await thanosQuerierUrl(api));
        const token = flagToken ?? credentials.token;
        const prometheus = createPrometheusClient({
          url,
          ...(token !== undefined && { token }),
          ...(credentials.ca !== undefined && { ca: credentials.ca }),
          ...(flags.insecureSkipTlsVerify === true && { insecureSkipTlsVerify: true }),
        });
        logger.debug({ prometheus: prometheus.url, vms: targets.length, window: flags.window }, 'querying Prometheus');
        return verifyTargets(targets, prometheus, { namespace: config.namespace, runId: runId ?? null, source, window: flags.window, signal: api.signal });
      });
      const [{ formatVerify }, { formatAs }] = await Promise.all([import('../output/verify.js'), import('../output/print.js')]);
      ctx.stdout.write(formatAs(config.output, report, { table: () => formatVerify(report) }));
      const failing = [...new Set(report.rows.filter((r) => isFailing(r.verdict)).map((r) => r.vm))];
      if (failing.length > 0) throw new VerifyFailedError(failing);
    });
