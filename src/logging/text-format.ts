/**
 * Log lines for a person at a terminal: `10:09:31 INFO  planned the run runId=3f2a… vms=12`. The
 * logger writes JSON (redacted and scrubbed) and this turns each finished line into text, so both
 * formats carry the same fields and the same guards against secrets.
 */
import { styleText } from 'node:util';

type Colour = Parameters<typeof styleText>[0];

const LEVEL_COLOURS: Readonly<Record<string, Colour>> = {
  trace: 'gray',
  debug: 'gray',
  info: 'green',
  warn: 'yellow',
  error: 'red',
  fatal: 'red',
};

/** The width of the widest level name, so messages start in one column. */
const LEVEL_WIDTH = 5;

/** `HH:MM:SS` in local time: the day is today, and the user reads the clock on their wall. */
const clockTime = (iso: unknown): string => {
  const date = typeof iso === 'string' ? new Date(iso) : new Date();
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

/** A field's value as it reads after `key=`: strings bare unless they hold spaces, the rest as compact JSON. */
const fieldText = (value: unknown): string => {
  if (typeof value === 'string') return /[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
};

/**
 * One JSON log line (pino's `{level, time, msg, ...fields}`) as one text line, with a newline;
 * a line that is not JSON passes through unchanged.
 */
export const formatLogLine = (jsonLine: string, { colour }: { readonly colour: boolean }): string => {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const { level, time, msg, ...fields } = record;
  const label = typeof level === 'string' ? level : 'info';
  const paint = (style: Colour, text: string): string => (colour ? styleText(style, text, { validateStream: false }) : text);
  const keyFields = Object.entries(fields)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${paint('dim', `${key}=`)}${fieldText(value)}`);
  const levelText = paint(LEVEL_COLOURS[label] ?? 'reset', label.toUpperCase().padEnd(LEVEL_WIDTH));
  const text = typeof msg === 'string' ? msg : '';
  const message = label === 'error' || label === 'fatal' ? paint('bold', text) : text;
  return `${[paint('dim', clockTime(time)), levelText, message, ...keyFields].join(' ')}\n`;
};
