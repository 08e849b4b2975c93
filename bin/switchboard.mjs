#!/usr/bin/env node
// `npx switchboard …`: runs the TypeScript CLI through tsx, as `npm start` runs the server.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/index.ts');
process.exitCode = await run(process.argv.slice(2));
