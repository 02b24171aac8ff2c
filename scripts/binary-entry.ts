/**
 * The entry of the single executable (dist/virtwork-linux-x64): what bin/virtwork.js does after its
 * Node version check, which a binary carrying its own Node does not need.
 */
import { main } from '../src/cli/main.js';

main(process.argv).then(
  (code) => {
    if (code === 130 || code === 143) {
      // Interrupted: end now, once output is flushed (a connection still opening would keep the process alive).
      process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
    } else {
      process.exitCode = code;
    }
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
