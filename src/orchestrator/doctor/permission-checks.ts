/**
 * May the user do everything run, status and cleanup do, in the target namespace? One
 * SelfSubjectAccessReview per (kind, verb) of the kinds table, then each missing rule is one line
 * naming the verb, resource, group and namespace, which command needs it and how to grant it.
 */
import { kindEntries, rbacResource, type CommandName, type KindInfo, type KindName, type Verb } from '../../kube/kinds.js';
import { fail, listWords, pass, warn, whyFailed, type CheckResult, type Read } from './check.js';

/** The commands checked; doctor's own reads show for themselves in the other checks. */
const CHECKED: readonly CommandName[] = ['run', 'status', 'cleanup', 'cleanup --delete-namespace'];
/** Commands only some users run: a verb only they need is a warning. */
const OPTIONAL: ReadonlySet<CommandName> = new Set(['cleanup --delete-namespace']);

export interface AccessRule {
  readonly kindName: KindName;
  readonly kind: KindInfo;
  readonly verb: Verb;
}

const keyOf = (kindName: KindName, verb: Verb): string => `${verb} ${kindName}`;

/** Every (kind, verb) the checked commands use, and the stand-ins of their fallbacks, once each. */
export const rulesToAsk = (): AccessRule[] => {
  const rules = new Map<string, AccessRule>();
  for (const [kindName, kind] of kindEntries()) {
    for (const command of CHECKED) {
      for (const verb of kind.verbs[command] ?? []) {
        for (const asked of [verb, kind.fallbacks?.[verb]?.instead]) {
          if (asked !== undefined) rules.set(keyOf(kindName, asked), { kindName, kind, verb: asked });
        }
      }
    }
  }
  return [...rules.values()];
};

/** The server's answers, by rule. */
export class AccessAnswers {
  readonly #allowed = new Map<string, boolean>();

  set(rule: AccessRule, allowed: boolean): void {
    this.#allowed.set(keyOf(rule.kindName, rule.verb), allowed);
  }

  isAllowed(kindName: KindName, verb: Verb): boolean {
    return this.#allowed.get(keyOf(kindName, verb)) ?? false;
  }
}

export interface PermissionInput {
  readonly namespace: string;
  readonly namespaceExists: boolean;
  readonly answers: Read<AccessAnswers>;
}

type Outcome = { readonly kind: 'allowed' } | { readonly kind: 'degraded'; readonly effect: string } | { readonly kind: 'missing'; readonly note?: string };

interface Finding {
  readonly kind: KindInfo;
  readonly verb: Verb;
  readonly outcome: Outcome;
  readonly commands: CommandName[];
}

export const checkPermissions = (input: PermissionInput): CheckResult[] => {
  const { namespace, answers } = input;
  if (!answers.ok) return [warn('permissions', `cannot ask the server what you may do (${whyFailed(answers)}), so permissions are not checked`)];
  const findings = new Map<string, Finding>();
  for (const [kindName, kind] of kindEntries()) {
    for (const command of CHECKED) {
      for (const verb of kind.verbs[command] ?? []) {
        const key = keyOf(kindName, verb);
        const finding = findings.get(key) ?? { kind, verb, outcome: evaluate(kindName, kind, verb, input, answers.value), commands: [] };
        finding.commands.push(command);
        findings.set(key, finding);
      }
    }
  }
  const lines = [...findings.values()].flatMap((f) => lineFor(f, namespace));
  return lines.length > 0
    ? lines
    : [pass('permissions', `all ${findings.size} verbs that ${listWords(CHECKED)} use are allowed in namespace ${namespace}`)];
};

const evaluate = (kindName: KindName, kind: KindInfo, verb: Verb, input: PermissionInput, answers: AccessAnswers): Outcome => {
  if (answers.isAllowed(kindName, verb)) return { kind: 'allowed' };
  const fallback = kind.fallbacks?.[verb];
  if (fallback === undefined) return { kind: 'missing' };
  const standIn = fallback.instead === undefined || answers.isAllowed(kindName, fallback.instead);
  if (standIn && fallback.onlyIfExists) {
    // An OpenShift project made by an admin: reading it is all run needs.
    return input.namespaceExists ? { kind: 'allowed' } : { kind: 'missing', note: `and namespace ${input.namespace} does not exist yet` };
  }
  return standIn ? { kind: 'degraded', effect: fallback.effect } : { kind: 'missing' };
};

const lineFor = (finding: Finding, namespace: string): CheckResult[] => {
  const { kind, verb, outcome, commands } = finding;
  if (outcome.kind === 'allowed') return [];
  const rule = `${verb} on ${kind.plural}${kind.group === '' ? '' : ` (group ${kind.group})`}${kind.namespaced ? ` in namespace ${namespace}` : ' (cluster-wide)'}`;
  const fix = grant(kind, verb, namespace);
  if (outcome.kind === 'degraded') return [warn('permissions', `${rule} is not allowed, so ${outcome.effect}`, fix)];
  const needs = `${listWords(commands)} ${commands.length > 1 ? 'need' : 'needs'} it`;
  if (outcome.note !== undefined) {
    return [fail('permissions', `${rule} is not allowed ${outcome.note}: ${needs}`,
      `ask an admin to create namespace ${namespace} for you, or to grant ${verb} on ${kind.plural}, or choose an existing namespace with --namespace`)];
  }
  const message = `${rule} is not allowed: ${needs}`;
  return [commands.every((c) => OPTIONAL.has(c)) ? warn('permissions', message, fix) : fail('permissions', message, fix)];
};

/** The RBAC rule that allows it, as kubectl creates it. */
const grant = (kind: KindInfo, verb: Verb, namespace: string): string =>
  kind.namespaced
    ? `ask for a Role allowing it, such as: kubectl create role virtwork --verb=${verb} --resource=${rbacResource(kind)} -n ${namespace} (bound to you with a RoleBinding)`
    : `ask for a ClusterRole allowing it, such as: kubectl create clusterrole virtwork --verb=${verb} --resource=${rbacResource(kind)} (bound to you with a ClusterRoleBinding)`;
