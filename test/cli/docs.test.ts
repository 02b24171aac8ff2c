/** The README and the configuration reference say what the code does: generated tables and examples. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_DOCS, replaceSection, updateDocument } from '../../scripts/docs-tables.js';
import type { GeneratedSection } from '../../scripts/docs-tables.js';
import { describeWorkloads } from '../../src/workloads/registry.js';
import { names, parseYamlStream, vmNamed } from './support/manifests.js';
import { BUILD_TIMEOUT_MS, REPO_ROOT, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const read = (file: string): Promise<string> => readFile(path.join(REPO_ROOT, file), 'utf8');

/** The first fenced block of `language` that contains `needle`. */
const fencedBlock = (text: string, language: string, needle: string): string => {
  const blocks = [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
  const block = blocks.find((b) => b.includes(needle));
  if (block === undefined) throw new Error(`no ${language} block with ${needle}`);
  return block;
};

describe.each(Object.entries(GENERATED_DOCS))('%s', (file, sections) => {
  it.each(sections)('holds the markers of the generated %s section', async (section: GeneratedSection) => {
    const text = await read(file);
    // A section without its markers would never be updated, so its absence must fail here.
    expect(replaceSection(text, section, 'probe')).toContain('\nprobe\n');
  });

  it('has generated tables that match the code (run npm run docs:workloads when this fails)', async () => {
    const text = await read(file);
    expect(updateDocument(text, sections, describeWorkloads())).toBe(text);
  });
});

describe('README', () => {
  it('quick start command works as written', async () => {
    const readme = await read('README.md');
    const command = fencedBlock(readme, 'sh', 'npx virtwork').split('\n').find((line) => line.includes('npx virtwork')) ?? '';
    const args = command.replace(/^.*npx virtwork /, '').split(/\s+/).filter(Boolean);
    expect(args.slice(0, 2)).toEqual(['run', '--dry-run']);
    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(0);
    // nine workloads, two of them pairs, two VMs (or pairs) each
    expect(names(parseYamlStream(result.stdout), 'VirtualMachine')).toHaveLength(22);
  });
});

describe('docs/configuration.md', () => {
  it('example file is accepted and means what the page says', async () => {
    const example = fencedBlock(await read('docs/configuration.md'), 'yaml', 'namespace:');
    const cwd = await scratchDir({ 'virtwork.yaml': example });
    const result = await runCli(['run', '--dry-run', '--config', 'virtwork.yaml'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const objects = parseYamlStream(result.stdout);
    expect(objects[0]?.metadata?.name).toBe('virtwork-load');
    const vms = names(objects, 'VirtualMachine');
    expect(vms).toContain('virtwork-chaos-network-1');
    expect(vms.some((name) => name.startsWith('virtwork-network-'))).toBe(false);
    expect(vms.filter((name) => name.startsWith('virtwork-database-'))).toEqual(['virtwork-database-0']);
    expect(vmNamed(objects, 'virtwork-database-0').spec?.template?.spec?.domain).toMatchObject({ cpu: { cores: 4 }, memory: { guest: '8Gi' } });
    expect(vmNamed(objects, 'virtwork-cpu-1').spec?.template?.spec?.domain).toMatchObject({ cpu: { cores: 2 }, memory: { guest: '2Gi' } });
  });
});
