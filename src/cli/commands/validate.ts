/**
 * `virtwork validate [ENTRY...]`: checks catalog entries without a cluster (manifest, params,
 * placeholders, each `.service` file, and a plan of the entry built as a run would build it) and
 * prints OK, WARN or FAIL per entry with every problem. Exit 0 when none fails, 2 otherwise. With
 * `--schemas-dir` every generated object and cloud-config is checked against its schema as well;
 * without it the output says, once, that they were not.
 */
import { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import type { CliDeps } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions, userFlags } from '../options.js';
import { addOutputOption, COMMAND_FORMATS, outputOf } from '../output/formats.js';

export const validateCommand = (deps: CliDeps): Command =>
  withExamples(addOutputOption(addSettingOptions(new Command('validate'), 'validate'), COMMAND_FORMATS.validate), [
    'virtwork validate                                    # every entry of the catalog',
    'virtwork validate redis nginx --catalog-dir ./catalog',
    'virtwork validate --schemas-dir ./schemas             # also against the Kubernetes, KubeVirt, CDI and cloud-init schemas',
  ])
    .description('Check catalog entries (all, or those named) without a cluster: OK, WARN or FAIL with every problem')
    .argument('[entry...]', 'catalog entries to check; default: every entry of --catalog-dir')
    .action(async (names: string[], _flags: unknown, command: Command) => {
      const output = outputOf(command);
      const [{ loadSettingInputs, resolveSetting }, { loadCatalog }, { validateEntries }, { formatValidation, SCHEMAS_NOT_CHECKED }, { formatAs }] = await Promise.all([
        import('../../config/resolve-settings.js'),
        import('../catalog.js'),
        import('../../orchestrator/validate-entries.js'),
        import('../output/validation.js'),
        import('../output/print.js'),
      ]);
      const inputs = await loadSettingInputs({ flags: userFlags(command, 'validate'), env: deps.env, cwd: deps.cwd });
      const catalog = await loadCatalog(inputs);
      const schemasDir = resolveSetting('schemasDir', inputs);
      // Ajv and the schemas load only when asked for: other commands and a plain validate stay quick.
      const schemas = schemasDir === undefined ? undefined : (await import('../../schemas/checker.js')).schemaChecker(schemasDir.value, schemasDir.field);
      const results = validateEntries(catalog.checked, names, schemas);
      if (results.length === 0) {
        deps.stdout.write(formatAs(output, [], { table: () => `no catalog entries in ${catalog.dir}\n` }));
        return;
      }
      deps.stdout.write(formatAs(output, results, { table: () => formatValidation(results, schemas !== undefined) }));
      // JSON and YAML keep stdout to the results; the note goes where warnings go.
      if (schemas === undefined && output !== 'table') deps.stderr.write(`${SCHEMAS_NOT_CHECKED}\n`);
      const failed = results.filter((result) => result.status === 'FAIL').map((result) => result.name);
      if (failed.length > 0) {
        throw new InvalidInputError('catalog entry', failed.join(','), `${failed.length} of ${results.length} failed validation; fix the problems listed above`);
      }
    });
