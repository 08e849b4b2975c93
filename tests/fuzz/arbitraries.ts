import fc from 'fast-check';

/**
 * Generated cases per input kind: small in `npm test`, `npm run fuzz` sets FUZZ_RUNS=10000. Seeded by
 * fast-check per run (the seed is printed on failure, `FUZZ_SEED` replays it).
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
export const fuzzOptions = (runs = RUNS): fc.Parameters<unknown> => ({
  numRuns: runs,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

/** Personal data planted in generated input: no error message or log may carry it back. */
export const PLANTED = '37605030299';

const CLIENT_TYPES = ['hello', 'message', 'typing', 'action', 'rating', 'privacy'] as const;
const FIELDS = ['type', 'agency', 'language', 'token', 'lastSeq', 'privacyLevel', 'clientId', 'text', 'active', 'action', 'score', 'comment', 'level', '__proto__', 'constructor'];

/** Any JSON value, sometimes with the planted ID code in its strings. */
export const json = fc.oneof(fc.jsonValue(), fc.string().map((s) => `${s} ${PLANTED}`));

/** Objects shaped like widget frames: a real or bogus type and a mix of real and bogus fields. */
export const frameShaped = fc
  .tuple(fc.constantFrom<string>(...CLIENT_TYPES, 'bogus', ''), fc.dictionary(fc.constantFrom(...FIELDS), json, { maxKeys: 6 }))
  .map(([type, fields]) => ({ ...fields, type }));

/** Valid frames, so the fuzzer also walks the accepting paths. */
export const validFrame = fc.oneof(
  fc.record({ type: fc.constant('hello'), language: fc.constantFrom('et', 'en', 'ru', 'sv'), agency: fc.constantFrom('tax', 'police', 'social') }),
  fc.record({ type: fc.constant('message'), clientId: fc.uuid(), text: fc.string({ minLength: 1, maxLength: 200 }).map((s) => `${s.trim() || 'x'} ${PLANTED}`) }),
  fc.record({ type: fc.constant('typing'), active: fc.boolean() }),
  fc.record({ type: fc.constant('rating'), score: fc.integer({ min: 1, max: 5 }), comment: fc.string({ maxLength: 100 }) }),
  fc.record({ type: fc.constant('privacy'), level: fc.constantFrom('delete_on_close', 'keep_for_retention', 'keep_and_improve') }),
  fc.record({ type: fc.constant('action'), action: fc.constantFrom('request_human', 'end') }),
);

/** Raw text frames: arbitrary strings (any Unicode), JSON of anything, frame-shaped and valid objects, big ones. */
export const rawFrame = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 2, arbitrary: json.map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 4, arbitrary: frameShaped.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: validFrame.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 80_000 }).map((n) => JSON.stringify({ type: 'message', clientId: 'big-frame-1', text: 'x'.repeat(n) })) },
);
