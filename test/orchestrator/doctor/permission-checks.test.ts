import { describe, expect, it } from 'vitest';
import { KINDS, type KindName, type Verb } from '../../../src/kube/kinds.js';
import { AccessAnswers, checkPermissions, rulesToAsk } from '../../../src/orchestrator/doctor/permission-checks.js';
import { failedWith, ok } from './reads.js';

/** Every rule allowed except those named `verb kind`. */
const answersDenying = (...denied: `${Verb} ${KindName}`[]): AccessAnswers => {
  const answers = new AccessAnswers();
  for (const rule of rulesToAsk()) answers.set(rule, !denied.includes(`${rule.verb} ${rule.kindName}`));
  return answers;
};
const check = (answers: AccessAnswers, namespaceExists = false) =>
  checkPermissions({ namespace: 'virtwork', namespaceExists, answers: ok(answers) });

describe('rulesToAsk', () => {
  it('asks about every verb run, status and cleanup use, the stand-ins of fallbacks too, and none of doctor\'s own', () => {
    const asked = rulesToAsk().map((r) => `${r.verb} ${r.kindName}`);
    expect(asked).toEqual(expect.arrayContaining([
      'create Namespace', 'get Namespace', 'delete Namespace', 'create VirtualMachine', 'list VirtualMachineInstance',
      'watch VirtualMachineInstance', 'deletecollection DataVolume', 'delete DataVolume', 'list Pod',
    ]));
    expect(asked.filter((rule) => /Node|StorageClass|KubeVirt$|SelfSubject/.test(rule))).toEqual([]);
    expect(new Set(asked).size).toBe(asked.length);
  });
});

describe('checkPermissions', () => {
  it('passes in one line when everything is allowed', () => {
    expect(check(answersDenying())).toEqual([{
      name: 'permissions', status: 'pass', message: 'all 21 verbs that run, status, cleanup and cleanup --delete-namespace use are allowed in namespace virtwork',
    }]);
  });

  it('fails naming the verb, resource, group, namespace and command, with the Role that grants it', () => {
    const [line] = check(answersDenying('create VirtualMachine'));
    expect(line).toEqual({
      name: 'permissions',
      status: 'fail',
      message: 'create on virtualmachines (group kubevirt.io) in namespace virtwork is not allowed: run needs it',
      fix: 'ask for a Role allowing it, such as: kubectl create role virtwork --verb=create --resource=virtualmachines.kubevirt.io -n virtwork (bound to you with a RoleBinding)',
    });
  });

  it('names every command that needs a rule', () => {
    expect(check(answersDenying('list VirtualMachine'))[0]?.message).toBe('list on virtualmachines (group kubevirt.io) in namespace virtwork is not allowed: status and cleanup need it');
  });

  it('warns when a fallback stands in: one-by-one deletes for deletecollection, polling for watch', () => {
    const lines = check(answersDenying('deletecollection Secret', 'watch VirtualMachineInstance'));
    expect(lines.map((l) => [l.status, l.message])).toEqual([
      ['warn', 'deletecollection on secrets in namespace virtwork is not allowed, so cleanup deletes the objects one by one'],
      ['warn', 'watch on virtualmachineinstances (group kubevirt.io) in namespace virtwork is not allowed, so run polls for readiness every 2 s instead of watching'],
    ]);
  });

  it('fails when neither the verb nor its stand-in is allowed', () => {
    expect(check(answersDenying('deletecollection Secret', 'delete Secret')).map((l) => [l.status, l.message])).toEqual([
      ['fail', 'deletecollection on secrets in namespace virtwork is not allowed: cleanup needs it'],
    ]);
  });

  it('takes get on an existing namespace for create (an OpenShift project), but not when the namespace is missing', () => {
    expect(check(answersDenying('create Namespace'), true).map((l) => l.status)).toEqual(['pass']);
    const [missing] = check(answersDenying('create Namespace'), false);
    expect(missing).toMatchObject({
      status: 'fail',
      message: 'create on namespaces (cluster-wide) is not allowed and namespace virtwork does not exist yet: run needs it',
      fix: expect.stringContaining('ask an admin to create namespace virtwork') as unknown,
    });
  });

  it('only warns about what cleanup --delete-namespace alone needs', () => {
    expect(check(answersDenying('delete Namespace'))).toEqual([expect.objectContaining({
      status: 'warn', message: 'delete on namespaces (cluster-wide) is not allowed: cleanup --delete-namespace needs it',
      fix: expect.stringContaining('kubectl create clusterrole virtwork --verb=delete --resource=namespaces') as unknown,
    })]);
  });

  it('warns when the server cannot be asked', () => {
    expect(checkPermissions({ namespace: 'virtwork', namespaceExists: true, answers: failedWith(403) })).toEqual([
      expect.objectContaining({ status: 'warn', message: 'cannot ask the server what you may do (forbidden), so permissions are not checked' }),
    ]);
  });

  it('covers every kind the table gives run, status or cleanup verbs', () => {
    const kinds = new Set(rulesToAsk().map((r) => r.kindName));
    const used = (Object.keys(KINDS) as KindName[]).filter((name) => {
      const verbs: Partial<Record<string, readonly Verb[]>> = KINDS[name].verbs;
      return ['run', 'status', 'cleanup', 'cleanup --delete-namespace'].some((c) => (verbs[c]?.length ?? 0) > 0);
    });
    expect([...kinds].sort()).toEqual(used.sort());
  });
});
