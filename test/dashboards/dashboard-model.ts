/** Reading dashboards/virtwork.json for tests: its model, every PromQL in it, and variable substitution. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dashboards/virtwork.json');

export interface Target {
  readonly expr: string;
  readonly refId: string;
  readonly legendFormat?: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
}

export interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: readonly Target[];
  readonly repeat?: string;
}

export interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query: string | { readonly query: string };
  readonly datasource?: { readonly type: string; readonly uid: string };
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly Variable[] };
}

export const loadDashboard = (): Dashboard => JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;

/** `$name` and `${name}` occurrences, Grafana's built-ins (`$__rate_interval`) included. */
export const variablesIn = (text: string): string[] => [...text.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1]!);

/** The expression with each `$name` / `${name}` replaced by `values[name]`; throws on one it lacks. */
export const substitute = (text: string, values: Readonly<Record<string, string>>): string =>
  text.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for $${name} in ${text}`);
    return value;
  });

/** A query variable's `label_values(<selector>, <label>)` as PromQL that lists the label's values. */
export const labelValuesQuery = (variable: Variable): { promql: string; label: string } => {
  const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
  const m = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
  if (!m) throw new Error(`variable ${variable.name}: not a label_values() query: ${query}`);
  return { promql: `count by (${m[2]}) (${m[1]})`, label: m[2]! };
};
