// The closing lines of a CI run, over every suite's JSON report in test-results/: each failed test
// by file and name with the first line of its error (a long log's tail is often all that is kept),
// then one line "Tests: N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []) {
  const report = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults ?? []) {
    const path = relative(process.cwd(), suite.name);
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const test of failedTests) failures.push(`${path} > ${test.fullName}: ${firstLine(test.failureMessages)}`);
    // a file that failed before any test ran (an import error, a hook) has no failed test to name
    if (suite.status === 'failed' && failedTests.length === 0) failures.push(`${path}: ${firstLine([suite.message])}`);
  }
}
for (const line of failures) console.log(`FAILED ${line}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);

function firstLine(messages) {
  const text = (messages ?? []).find((m) => m) ?? '';
  return text.split('\n', 1)[0].slice(0, 300);
}
