import { describe, expect, it } from 'vitest';
import { cloudInitStatusFrom } from './guest-checks.js';

// status.json as a Debian guest's cloud-init left it after a full boot: `modules-init` never starts.
const stage = (start: number | null, finished: number | null, errors: unknown[] = []) => ({ errors, start, finished });
const statusJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    v1: {
      datasource: 'DataSourceNoCloud [seed=/dev/vdb][dsmode=net]',
      'init-local': stage(1796242181.0, 1796242187.4),
      init: stage(1796242202.5, 1796242238.7),
      'modules-init': stage(null, null),
      'modules-config': stage(1796242285.9, 1796242300.3),
      'modules-final': stage(1796242329.7, 1796242483.3),
      stage: null,
      ...overrides,
    },
  });
const resultJson = (errors: unknown[] = []) => JSON.stringify({ v1: { datasource: 'DataSourceNoCloud', errors } });

describe('cloudInitStatusFrom', () => {
  it('is done when every stage that started finished, even with one that never started', () => {
    expect(cloudInitStatusFrom(statusJson(), resultJson())).toBe('done');
  });

  it('is running while a started stage has not finished', () => {
    expect(cloudInitStatusFrom(statusJson({ 'modules-final': stage(1796242329.7, null) }), resultJson())).toBe('running');
  });

  it('is running until result.json exists', () => {
    expect(cloudInitStatusFrom(statusJson(), '')).toBe('running');
  });

  it('is error when a stage or the result lists errors', () => {
    expect(cloudInitStatusFrom(statusJson({ init: stage(1, 2, ['bad module']) }), resultJson())).toBe('error');
    expect(cloudInitStatusFrom(statusJson(), resultJson(['bad module']))).toBe('error');
  });
});
