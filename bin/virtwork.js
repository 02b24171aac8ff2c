#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bundle/ (built by `npm install` through the prepare script).
import module from 'node:module';

// Cache V8's compiled code on disk: every later start parses and compiles far less (Node >= 22.1).
module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');

process.exitCode = await main(process.argv);
