/**
 * A VIRTWORK_* variable that no setting reads is never ignored silently: every command that reads
 * settings warns, naming the closest variable that exists; the variables that exist stay quiet.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

describe('unknown VIRTWORK_* variables', () => {
  it('audit list warns about each, naming the closest variable', async () => {
    const state = await scratchDir();
    const cli = await runCli(['audit', 'list'], { env: { XDG_STATE_HOME: state, VIRTWORK_AUDITDB: 'x.db', VIRTWORK_COLOUR: 'never' } });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toContain('VIRTWORK_AUDITDB is not a virtwork setting and is ignored; did you mean VIRTWORK_AUDIT_DB?');
    expect(cli.stderr).toContain('VIRTWORK_COLOUR is not a virtwork setting and is ignored; the closest is VIRTWORK_');
  });

  it('run --dry-run warns too, and the Go tool variables it honours are not warned about', async () => {
    const state = await scratchDir();
    const cli = await runCli(['run', '--workloads', 'disk', '-o', 'json'], {
      env: { XDG_STATE_HOME: state, VIRTWORK_DRY_RUN: 'true', VIRTWORK_DATA_DISK_SIZE: '25Gi', VIRTWORK_WAIT_FOR_READY: 'false', VIRTWORK_DRYRUN: '1' },
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toContain('VIRTWORK_DRYRUN is not a virtwork setting and is ignored; did you mean VIRTWORK_DRY_RUN?');
    expect(cli.stderr).not.toContain('VIRTWORK_DATA_DISK_SIZE is not');
    expect(cli.stderr).not.toContain('VIRTWORK_WAIT_FOR_READY is not');
    // VIRTWORK_DRY_RUN made it a dry run: the objects are printed, and the data disk has the Go variable's size.
    const list = JSON.parse(cli.stdout) as { kind: string; items: { kind: string; spec?: { dataVolumeTemplates?: { spec: { storage: { resources: { requests: { storage: string } } } } }[] } }[] };
    expect(list.kind).toBe('List');
    const vm = list.items.find((item) => item.kind === 'VirtualMachine');
    expect(vm?.spec?.dataVolumeTemplates?.[0]?.spec.storage.resources.requests.storage).toBe('25Gi');
  });
});
