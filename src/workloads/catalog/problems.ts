/** A problem found in a catalog entry: an error refuses the entry, a warning only says so. */
import { InvalidInputError } from '../../errors.js';

export interface CatalogProblem {
  readonly level: 'error' | 'warning';
  /** `file:line: key.path`, or the file alone. */
  readonly field: string;
  readonly value?: unknown;
  readonly fix: string;
}

/** The problem as the error a run fails with: the same words `validate` prints. */
export const problemError = (problem: CatalogProblem): InvalidInputError =>
  new InvalidInputError(problem.field, problem.value, problem.fix);

/** One line: `file:line: key=value: fix`, or `file:line: key: fix` without a value. */
export const problemText = (problem: CatalogProblem): string =>
  'value' in problem ? problemError(problem).message : `${problem.field}: ${problem.fix}`;
