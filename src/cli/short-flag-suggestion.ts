/**
 * "Did you mean ...?" for an unknown short flag. Commander suggests only for long flags; a short one
 * is most often the wrong case (`-N` for `-n`), a long flag typed with one dash (`-dry-run`), or a
 * letter that begins a long flag (`-w` for `--wait`).
 */
import { closestMatch } from '../config/suggest.js';

/** A flag as commander declares it: `-n` and `--namespace`, either may be missing. */
export interface FlagNames {
  readonly short?: string | undefined;
  readonly long?: string | undefined;
}

/** The flags to suggest for `flag` (`-x` or `-xyz`), best first; empty when none is plausible. */
export const suggestForShortFlag = (flag: string, known: readonly FlagNames[]): string[] => {
  if (!/^-[^-]/.test(flag)) return [];
  const shorts = known.flatMap((f) => (f.short === undefined ? [] : [f.short]));
  const longs = known.flatMap((f) => (f.long === undefined ? [] : [f.long]));
  if (flag.length > 2) {
    const match = closestMatch(`-${flag}`, longs);
    return match === undefined ? [] : [match];
  }
  const letter = flag.slice(1);
  const otherCase = shorts.find((s) => s !== flag && s.slice(1).toLowerCase() === letter.toLowerCase());
  if (otherCase !== undefined) return [otherCase];
  return longs.filter((long) => long.slice(2).startsWith(letter.toLowerCase()));
};

/** Commander's own wording, so UsageError turns it into `; did you mean -n?` like a long flag's. */
export const suggestionSuffix = (suggestions: readonly string[]): string =>
  suggestions.length === 0
    ? ''
    : suggestions.length === 1
      ? `\n(Did you mean ${suggestions[0]}?)`
      : `\n(Did you mean one of ${suggestions.join(', ')}?)`;
