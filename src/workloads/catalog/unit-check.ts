/**
 * The checks a catalog `.service` file gets before any VM boots, the same rules the built-in units
 * are written to: `[Unit]`, `[Service]` and `[Install]` sections of `Key=Value` lines, a command to
 * run, and an install target so `systemctl enable` starts it at every boot.
 */
import type { CatalogProblem } from './problems.js';

const SECTIONS = ['Unit', 'Service', 'Install'];
const KEY_VALUE = /^[A-Za-z][A-Za-z0-9]*\s*=/;

export const checkServiceUnit = (file: string, text: string): CatalogProblem[] => {
  const problems: CatalogProblem[] = [];
  const at = (line: number): string => `${file}:${line}`;
  const seen = new Map<string, Set<string>>();
  let section: string | undefined;
  let continued = false;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    // A line ending in a backslash continues on the next one.
    const isContinuation = continued;
    continued = line.endsWith('\\');
    if (isContinuation) return;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1] ?? '';
      if (!SECTIONS.includes(section)) {
        problems.push({ level: 'error', field: at(index + 1), value: line, fix: `unknown section; a service unit has ${SECTIONS.map((s) => `[${s}]`).join(', ')}` });
      }
      if (!seen.has(section)) seen.set(section, new Set());
      return;
    }
    if (section === undefined) {
      problems.push({ level: 'error', field: at(index + 1), value: line, fix: 'a line before the first section; start the file with [Unit]' });
      return;
    }
    if (!KEY_VALUE.test(line)) {
      problems.push({ level: 'error', field: at(index + 1), value: line, fix: 'not a Key=Value line' });
      return;
    }
    seen.get(section)?.add(line.split('=')[0]?.trim() ?? '');
  });
  const service = seen.get('Service');
  if (service === undefined || !service.has('ExecStart')) {
    problems.push({ level: 'error', field: file, fix: 'no ExecStart= in a [Service] section: the unit has nothing to run' });
  }
  const install = seen.get('Install');
  if (install === undefined || !install.has('WantedBy')) {
    problems.push({ level: 'warning', field: file, fix: 'no WantedBy= in an [Install] section: the unit starts once but not after a reboot; add WantedBy=multi-user.target' });
  }
  return problems;
};
