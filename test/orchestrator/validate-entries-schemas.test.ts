/**
 * `validateEntries` with the real schemas: the starter catalog passes; an entry whose generated
 * Service and cloud-config break their schemas fails, each violation naming the object and the JSON
 * path; without a checker the same entry is not judged against any schema.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogDir } from '../../src/config/catalog-dir.js';
import { validateEntries } from '../../src/orchestrator/validate-entries.js';
import { schemaChecker } from '../../src/schemas/checker.js';
import { checkCatalogEntry, type CheckedEntry } from '../../src/workloads/catalog/entry.js';
import { builtins } from '../../src/workloads/registry.js';
import { cloudConfigSchemaSkipReason } from '../support/cloud-config-schema.js';
import { schemasSkipReason } from '../support/k8s-schemas.js';
import { repoRoot, schemasDir } from '../support/schemas-dir.js';

const skip = schemasSkipReason !== '' || cloudConfigSchemaSkipReason !== undefined;

describe.skipIf(skip)('validate entries against the schemas', async () => {
  const sources = await readCatalogDir(path.join(repoRoot, 'catalog'), { field: '--catalog-dir', mustExist: true });
  const checked = sources.map((source) => checkCatalogEntry(source, builtins.map((w) => w.name)));
  const checker = schemaChecker(schemasDir);

  it('passes every starter entry with no problem', () => {
    expect(validateEntries(checked, [], checker)).toEqual(checked.map((c) => ({ name: c.name, status: 'OK', problems: [] })));
  });

  /** redis as the manifest check would never let it through: a port name and a package as numbers. */
  const brokenRedis = (): CheckedEntry[] => {
    const redis = checked.find((c) => c.name === 'redis')?.entry;
    if (redis?.service === undefined) throw new Error('the starter catalog has a redis entry with a Service');
    const port = redis.service.ports[0];
    if (port === undefined) throw new Error('redis declares a port');
    const entry = {
      ...redis,
      packages: [42 as unknown as string],
      service: { ...redis.service, ports: [{ ...port, name: 6379 as unknown as string }] },
    };
    return [{ name: 'redis', entry, problems: [] }];
  };

  it('fails an entry whose Service and cloud-configs break their schemas, naming each object and path', () => {
    const [result] = validateEntries(brokenRedis(), ['redis'], checker);
    expect(result?.status).toBe('FAIL');
    const messages = result?.problems.map((p) => `${p.level}: ${p.message}`) ?? [];
    expect(messages).toContain('error: Service/virtwork-redis-0-server /spec/ports/0/name: schema: must be string');
    for (const role of ['server', 'client']) {
      expect(messages).toContain(`error: Secret/virtwork-redis-0-${role}-cloudinit cloud-config /packages/0: cloud-init schema: must match exactly one schema in oneOf`);
    }
    // Found for both guest OSes, so listed once without naming them.
    expect(messages.every((m) => !m.includes('planned for'))).toBe(true);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('judges the same entry against no schema without a checker', () => {
    expect(validateEntries(brokenRedis(), ['redis'])).toEqual([{ name: 'redis', status: 'OK', problems: [] }]);
  });

  it('refuses a directory that lacks a schema file, naming the flag and the file', () => {
    expect(() => schemaChecker(repoRoot, 'VIRTWORK_SCHEMAS_DIR')).toThrow(/^VIRTWORK_SCHEMAS_DIR=.*missing kubernetes-swagger\.json, kubevirt-swagger\.json, cdi-swagger\.json, cloud-init-schema-cloud-config-v1\.json$/);
  });
});
