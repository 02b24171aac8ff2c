/** "Did you mean ...?" for mistyped keys, flags, workload and param names. */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word`, when it is close enough to be a plausible typo: within a third of
 * the word's length (at least 2 edits), like commander's own suggestions.
 */
export const closestMatch = (word: string, candidates: Iterable<string>): string | undefined => {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= limit ? best : undefined;
};

/** `; did you mean vm_count?` or the empty string, to append to a fix. */
export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean ${match}?`;
};

/** The candidate closest to `word`, however far: for naming the nearest thing that exists. */
export const nearest = (word: string, candidates: Iterable<string>): string | undefined => {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
};
