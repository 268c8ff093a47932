#!/usr/bin/env node
/**
 * `tug`: reads argv and the environment, then hands over to runTug. Kept tiny so startup stays fast;
 * each command's module is loaded only when that command runs.
 */
import { homedir } from 'node:os';
import { runTug } from './run.js';

// `tug get pods | head -1` closes our stdout early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await runTug(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  home: homedir(),
});
// Writes to pipes, files and terminals are synchronous on Linux, so nothing is lost by exiting now;
// exiting also closes any watch or log stream still open.
process.exit(code);
