// Checks what the README's first command printed on stdout: YAML documents only (no npm banner),
// and every kind a dry run of all nine workloads creates. Runs on whatever Node is on PATH.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const fail = (why) => {
  console.error(`ci: the quick start's stdout (${file}) ${why}; it begins:\n${text.slice(0, 400)}`);
  process.exit(1);
};

const documents = parseAllDocuments(text);
const broken = documents.find((d) => d.errors.length > 0);
if (broken) fail(`is not clean YAML: ${broken.errors[0].message}`);
const objects = documents.map((d) => d.toJS());
if (objects.some((o) => typeof o?.kind !== 'string' || typeof o?.apiVersion !== 'string')) fail('holds a document that is not a Kubernetes object');
const counts = {};
for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
for (const kind of ['Namespace', 'Service', 'Secret', 'VirtualMachine']) if (!counts[kind]) fail(`has no ${kind}`);
console.log(`ci: quick start printed ${objects.length} objects: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
