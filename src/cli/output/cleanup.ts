/** How a cleanup reads on stdout: what was found and deleted per kind, run ids, namespace, failures. */
import { MANAGED_KINDS, type ManagedKind } from '../../kube/list.js';
import type { CleanupPlan, CleanupResult } from '../../orchestrator/cleanup.js';
import { nameLines, resourceName } from './print.js';
import { formatTable } from './table.js';

/** `3 VirtualMachines, 1 Service and the namespace`; undefined when there is nothing to delete. */
export const countsLine = (plan: CleanupPlan): string | undefined => {
  const parts = MANAGED_KINDS.filter((kind) => plan.objects[kind].length > 0).map((kind) =>
    plural(plan.objects[kind].length, kind),
  );
  if (plan.namespaceDecision?.action === 'delete') parts.push('the namespace');
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
};

/** As countsLine, for the names found per kind in several namespaces, added up. */
export const countsOfNames = (found: readonly Readonly<Record<ManagedKind, readonly string[]>>[]): string | undefined => {
  const parts = MANAGED_KINDS.map((kind) => [kind, found.reduce((sum, objects) => sum + objects[kind].length, 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => plural(count, kind));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
};

const plural = (count: number, kind: string): string => `${count} ${kind}${count === 1 ? '' : 's'}`;

/**
 * `-o name`, as `kubectl delete -o name`: what was deleted (or, with --dry-run, would be), one
 * `kind/name` line each; objects whose delete failed are left out, and nothing after a "no".
 */
export const formatCleanupNames = (result: CleanupResult): string => {
  if (result.cancelled) return '';
  const failed = new Set(result.failures.map((f) => `${f.kind}/${f.name ?? ''}`));
  const names = MANAGED_KINDS.flatMap((kind) =>
    result.plan.objects[kind].filter((o) => !failed.has(`${kind}/${o.name}`)).map((o) => resourceName(kind, o.name)),
  );
  if (result.namespaceDeleted || (result.dryRun && result.plan.namespaceDecision?.action === 'delete')) names.push(resourceName('Namespace', result.plan.namespace));
  return nameLines(names);
};

export const formatCleanup = (result: CleanupResult): string => {
  const { plan } = result;
  const found = MANAGED_KINDS.reduce((sum, kind) => sum + plan.objects[kind].length, 0);
  const lines: string[] = [];
  if (found === 0) lines.push(`No virtwork objects found in namespace ${plan.namespace} (selector ${plan.labelSelector}).\n`);
  else if (result.dryRun) {
    lines.push(`Would delete from namespace ${plan.namespace} (dry run, nothing deleted):\n`);
    lines.push(
      formatTable(
        ['kind', 'name', 'run id'],
        MANAGED_KINDS.flatMap((kind) => plan.objects[kind].map((o) => [kind, o.name, o.runId ?? ''])),
      ),
    );
  } else if (result.cancelled) lines.push('Cleanup cancelled; nothing was deleted.\n');
  else {
    lines.push(
      formatTable(
        ['kind', 'found', 'deleted'],
        MANAGED_KINDS.map((kind) => [kind, String(plan.objects[kind].length), String(result.deleted[kind])]),
      ),
    );
  }
  if (plan.runIds.length > 0) lines.push(`Runs: ${plan.runIds.join(', ')}\n`);
  if (result.namespaceDeleted) lines.push(`Namespace ${plan.namespace} deleted.\n`);
  else if (result.namespaceKeptReason) lines.push(`Namespace kept: ${result.namespaceKeptReason}.\n`);
  else if (result.dryRun && plan.namespaceDecision?.action === 'delete') lines.push(`Would delete namespace ${plan.namespace}.\n`);
  for (const failure of result.failures) {
    lines.push(`Failed: ${failure.kind}${failure.name ? `/${failure.name}` : ''}: ${failure.message}\n`);
  }
  return lines.join('');
};
