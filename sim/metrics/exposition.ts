/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: the project has no
 * Prometheus client library among its dependencies, and the format is small. One `# HELP` and one
 * `# TYPE` line per family, then one line per sample; label values escape `\`, `"` and newlines.
 */

export type MetricType = 'counter' | 'gauge';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

/** The Content-Type Prometheus expects for this format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeLabelValue = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (help: string): string => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const formatValue = (value: number): string =>
  Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);

const formatLabels = (labels: Readonly<Record<string, string>>): string => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
};

/** Families without samples are left out, as client libraries leave them out. */
export const renderExposition = (families: readonly MetricFamily[]): string => {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) lines.push(`${family.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};

/**
 * KubeVirt's name for a VMI label as a metric label (`kubernetes_vmi_label_<key>`): Prometheus
 * label names allow only `[a-zA-Z0-9_]`, so every other character becomes `_`.
 */
export const vmiLabelName = (key: string): string => `kubernetes_vmi_label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
