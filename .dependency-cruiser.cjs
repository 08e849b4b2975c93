/**
 * `npm run check:circular`: import cycles in src/ and widget/ (after BullMQ's `circular:references` and zod's
 * `check:circular`). dependency-cruiser parses TypeScript with swc here: madge and dependency-cruiser's tsc
 * parser need the TypeScript 5 compiler API, which TypeScript 7 (our `tsc`) does not ship.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: break it by moving the shared part into its own module (docs/ARCHITECTURE.md).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
