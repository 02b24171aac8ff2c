/** dashboards/virtwork.json is a Grafana dashboard model Grafana and the OpenShift console import. */
import { describe, expect, test } from 'vitest';
import { labelValuesQuery, loadDashboard, variablesIn } from './dashboard-model.js';

const dashboard = loadDashboard();
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');
const variables = dashboard.templating.list;
const GRAFANA_BUILTINS = ['__rate_interval', '__interval', '__range'];

describe('the Grafana dashboard model', () => {
  test('has a uid, a title, a schema version Grafana 10 reads, and unique panel ids with a grid position', () => {
    expect(dashboard.uid).toBe('virtwork-vms');
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) expect(p.gridPos.w * p.gridPos.h, p.title).toBeGreaterThan(0);
  });

  test('declares a Prometheus datasource variable and query variables for namespace, run id and workload', () => {
    expect(variables.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'],
      ['namespace', 'query'],
      ['run_id', 'query'],
      ['workload', 'query'],
    ]);
    expect(variables[0]!.query).toBe('prometheus');
    for (const v of variables.slice(1)) {
      expect(v.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(() => labelValuesQuery(v)).not.toThrow();
    }
  });

  test('every panel queries through the datasource variable, each target with a refId and an expression', () => {
    expect(queryPanels.length).toBeGreaterThanOrEqual(8);
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      const refIds = panel.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
      for (const t of panel.targets!) expect(t.expr.length, `${panel.title} ${t.refId}`).toBeGreaterThan(0);
    }
  });

  test('every variable a query uses is declared, or is one of Grafana\'s own', () => {
    const declared = new Set(variables.map((v) => v.name));
    const used = queryPanels.flatMap((p) => p.targets!.flatMap((t) => variablesIn(t.expr)));
    for (const name of used) expect(declared.has(name) || GRAFANA_BUILTINS.includes(name), name).toBe(true);
    expect(new Set(used)).toEqual(new Set(['namespace', 'run_id', 'workload', '__rate_interval']));
  });

  test('has panels for CPU, memory, disk IOPS and throughput, network throughput and running VMs, repeated per workload', () => {
    const titles = queryPanels.map((p) => p.title);
    for (const wanted of [/^CPU/, /^Memory used/, /^Disk IOPS/, /^Disk throughput/, /^Network throughput/, /^VMs running$/]) {
      expect(titles.some((t) => wanted.test(t)), String(wanted)).toBe(true);
    }
    expect(dashboard.panels.find((p) => p.type === 'row')?.repeat).toBe('workload');
  });
});
