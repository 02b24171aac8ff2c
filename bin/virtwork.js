#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bundle/ (built by `npm install` through the prepare script).
// It checks the Node version before loading anything else: the bundle needs node:sqlite and
// @kubernetes/client-node 2, which fail on older Nodes with messages that do not say why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import module from 'node:module';

const REQUIRED = [22, 19];

const isRecentEnough = (version) => {
  const [major, minor] = version.split('.').map(Number);
  return major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);
};

/**
 * The Node runtime `npm install` put in this package's node_modules (the node-<os>-<arch> optional
 * dependency), for a clone installed on a machine whose own Node is too old; undefined elsewhere.
 */
const bundledNode = () => {
  try {
    const nodePath = createRequire(import.meta.url).resolve(`node-${process.platform}-${process.arch}/bin/node`);
    return existsSync(nodePath) ? nodePath : undefined;
  } catch {
    return undefined;
  }
};

/** Runs this launcher again under `nodePath`, as if it had been started there: stdio, signals, exit code. */
const runUnder = (nodePath) => {
  const child = spawn(nodePath, process.argv.slice(1), { stdio: 'inherit' });
  // A terminal's Ctrl-C reaches the child through the process group, so passing SIGINT on would make
  // it a second one (which ends virtwork at once); SIGTERM and SIGHUP are usually sent to this pid only.
  process.on('SIGINT', () => undefined);
  for (const name of ['SIGTERM', 'SIGHUP']) process.on(name, () => child.kill(name));
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
};

if (!isRecentEnough(process.versions.node)) {
  const nodePath = bundledNode();
  if (nodePath !== undefined) {
    runUnder(nodePath);
  } else {
    process.stderr.write(
      `error: virtwork needs Node.js ${REQUIRED.join('.')} or later; this is Node.js ${process.versions.node} (${process.execPath}): put a newer node first on PATH\n`,
    );
    process.exitCode = 2;
  }
} else {
  // Cache V8's compiled code on disk: every later start parses and compiles far less (Node >= 22.1).
  module.enableCompileCache?.();
  const { main } = await import('../dist/bundle/main.js');
  const code = await main(process.argv);
  if (code === 130 || code === 143) {
    // Interrupted: end now. A connection still opening (a server that accepts TCP and never answers
    // TLS) would otherwise keep the process alive until its connect timeout. Output is flushed first.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  } else {
    process.exitCode = code;
  }
}
