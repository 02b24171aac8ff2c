/**
 * deploy/ as `kubectl kustomize` renders it: the objects a cluster would receive from
 * `kubectl apply -k`, parsed, with helpers to find one by kind and name.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { KubernetesObject, V1ConfigMap, V1CronJob, V1Job, V1PodSpec } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { hasCommand, repoRoot, skipReason } from '../support/schemas-dir.js';

export const deployDir = path.join(repoRoot, 'deploy');

/** One line for a skipped suite's title when kubectl is missing (under CI=true: fails). */
export const kubectlSkipReason = skipReason(hasCommand('kubectl'), 'kubectl is not on PATH (kustomize renders deploy/)') ?? '';

/** Renders a kustomization directory under deploy/ ('' for deploy/ itself). */
export const renderDeploy = (kustomization = ''): KubernetesObject[] => {
  const text = execFileSync('kubectl', ['kustomize', path.join(deployDir, kustomization)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((doc) => doc.toJSON() as KubernetesObject);
};

export const find = <T extends KubernetesObject>(objects: readonly KubernetesObject[], kind: string, name: string): T => {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (found === undefined) throw new Error(`deploy/ renders no ${kind} ${name}`);
  return found as T;
};

/** The pod spec of a Job or a CronJob. */
export const podSpecOf = (object: KubernetesObject): V1PodSpec => {
  const spec = object.kind === 'CronJob' ? (object as V1CronJob).spec?.jobTemplate.spec?.template.spec : (object as V1Job).spec?.template.spec;
  if (spec === undefined) throw new Error(`${object.kind} ${object.metadata?.name} has no pod spec`);
  return spec;
};

export const configYaml = (objects: readonly KubernetesObject[]): string =>
  find<V1ConfigMap>(objects, 'ConfigMap', 'virtwork-config').data?.['config.yaml'] ?? '';
