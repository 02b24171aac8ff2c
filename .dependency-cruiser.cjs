// The layer rule from DESIGN.md: a module imports only from its own layer or lower ones.
//   0 definitions   src/constants.ts, src/errors.ts
//   1 infrastructure src/config, src/cluster, src/cloudinit, src/logging, src/audit, src/schemas
//   2 kube          src/kube
//   3 workloads     src/workloads
//   4 orchestration src/cli, src/orchestrator
const layer1 = '^src/(config|cluster|cloudinit|logging|audit|schemas)/';
const layer2 = '^src/kube/';
const layer3 = '^src/workloads/';
const layer4 = '^src/(cli|orchestrator)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'definitions-import-nothing',
      comment: 'constants.ts and errors.ts are layer 0: they import no other module of the project',
      severity: 'error',
      from: { path: '^src/(constants|errors)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(constants|errors)\\.ts$' },
    },
    {
      name: 'infrastructure-imports-definitions-only',
      comment: 'layer 1 may use layer 0 and layer 1',
      severity: 'error',
      from: { path: layer1 },
      to: { path: `${layer2}|${layer3}|${layer4}` },
    },
    {
      name: 'kube-does-not-know-workloads-or-orchestration',
      comment: 'layer 2 may use layers 0-2',
      severity: 'error',
      from: { path: layer2 },
      to: { path: `${layer3}|${layer4}` },
    },
    {
      name: 'workloads-do-not-know-orchestration',
      comment: 'layer 3 may use layers 0-3',
      severity: 'error',
      from: { path: layer3 },
      to: { path: layer4 },
    },
    {
      name: 'workloads-do-no-io',
      comment: 'workloads are pure data producers: no file, network, process or cluster access',
      severity: 'error',
      from: { path: layer3 },
      to: {
        path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|sqlite)$|@kubernetes/client-node|^src/(cluster|audit|logging)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'ajv-only-in-schemas',
      comment: 'the schema validators (Ajv and its plugins) live in src/schemas alone',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/schemas/' },
      to: { path: '^ajv(-formats|-draft-04)?$|node_modules/ajv' },
    },
    {
      name: 'schemas-load-lazily',
      comment: 'Ajv and 5 MB of schemas load only when asked for: src/schemas is imported dynamically (or for its types)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/schemas/' },
      to: { path: '^src/schemas/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'product-does-not-import-tests-or-simulator',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|sim|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
