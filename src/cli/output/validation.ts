/** `virtwork validate` as text: one `STATUS  entry` line per entry, its problems indented below it. */
import type { EntryValidation } from '../../orchestrator/validate-entries.js';

/** Said once when no schemas directory was given: not a failure, but not a pass either. */
export const SCHEMAS_NOT_CHECKED =
  'note: objects and cloud-configs were not checked against the Kubernetes, KubeVirt, CDI and cloud-init schemas; give --schemas-dir DIR (or VIRTWORK_SCHEMAS_DIR) to check them';

/** `schemasChecked` false: the entries, then the note that schemas were not checked. */
export const formatValidation = (results: readonly EntryValidation[], schemasChecked: boolean): string =>
  [
    ...results.map((result) =>
      [`${result.status.padEnd(4)}  ${result.name}`, ...result.problems.map((p) => `      ${p.level === 'error' ? 'error' : 'warning'}: ${p.message}`)].join('\n'),
    ),
    ...(schemasChecked ? [] : [SCHEMAS_NOT_CHECKED]),
  ]
    .join('\n')
    .concat('\n');
