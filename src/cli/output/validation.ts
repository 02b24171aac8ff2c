/** `virtwork validate` as text: one `STATUS  entry` line per entry, its problems indented below it. */
import type { EntryValidation } from '../../orchestrator/validate-entries.js';

export const formatValidation = (results: readonly EntryValidation[]): string =>
  results
    .map((result) =>
      [`${result.status.padEnd(4)}  ${result.name}`, ...result.problems.map((p) => `      ${p.level === 'error' ? 'error' : 'warning'}: ${p.message}`)].join('\n'),
    )
    .join('\n')
    .concat('\n');
