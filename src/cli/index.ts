/** @module cli  `npx switchboard packs …`: the registration API's checks on files, for an agency's CI. */
export { run } from './main.js';
