#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import module from 'node:module';

// Cache V8's compiled code on disk: every later start parses and compiles far less (Node >= 22.1).
module.enableCompileCache?.();
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv);
