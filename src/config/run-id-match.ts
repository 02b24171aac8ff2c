/**
 * A run id as the user may type it: whole, or a unique prefix of one (`5b0c2f0e` for the UUID
 * `run` printed), as git and docker take ids. Ambiguous or unmatched input fails naming the field.
 */
import { InvalidInputError } from '../errors.js';

/** Ids shown in an error before "and N more". */
const SHOWN = 5;

/**
 * The one id of `known` that is `given` or starts with it. `where` completes the messages
 * (`in namespace virtwork`, `in /path/virtwork.db`).
 */
export const matchRunId = (given: string, known: readonly string[], field: string, where: string): string => {
  if (known.includes(given)) return given;
  const matches = [...new Set(known.filter((id) => id.startsWith(given)))].sort();
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return only;
  if (matches.length > 1) {
    const shown = matches.length <= SHOWN ? matches.join(', ') : `${matches.slice(0, SHOWN).join(', ')} and ${matches.length - SHOWN} more`;
    throw new InvalidInputError(field, given, `matches ${matches.length} run ids ${where} (${shown}); type more of the id`);
  }
  throw new InvalidInputError(field, given, `no run id ${where} is or starts with this`);
};
