/** `virtwork doctor`'s report: a CHECK, STATUS, MESSAGE table (coloured on a terminal), or JSON with counts. */
import { styleText } from 'node:util';
import type { CheckResult, CheckStatus } from '../../orchestrator/doctor/check.js';
import type { DoctorReport } from '../../orchestrator/doctor/doctor.js';
import type { CommandContext, TextSink } from '../deps.js';
import { formatTable } from './table.js';

/** `-o json`: the report, each check with `fix` only where there is one, and the counts. */
export const doctorJson = (report: DoctorReport) => ({
  ...report,
  summary: Object.fromEntries((['pass', 'warn', 'fail'] as const).map((status) => [status, report.checks.filter((c) => c.status === status).length])),
});

const COLOURS: Readonly<Record<CheckStatus, 'green' | 'yellow' | 'red'>> = { pass: 'green', warn: 'yellow', fail: 'red' };

/** Colour only for a person at a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export const useColour = (ctx: Pick<CommandContext, 'stdout' | 'env'>): boolean =>
  (ctx.stdout as TextSink & { isTTY?: boolean }).isTTY === true && (ctx.env.NO_COLOR ?? '') === '';

/** CHECK, STATUS, MESSAGE: one line per check, the fix after the finding. */
export const formatDoctor = (report: DoctorReport, colour: boolean): string => {
  const status = (s: CheckStatus): string => (colour ? styleText(COLOURS[s], s, { validateStream: false }) : s);
  const message = (check: CheckResult): string => (check.fix === undefined ? check.message : `${check.message}; fix: ${check.fix}`);
  return formatTable(['check', 'status', 'message'], report.checks.map((check) => [check.name, status(check.status), message(check)]));
};
