import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlWith } from '../../src/agencies/index.js';
import { SwitchboardError } from '../../src/errors/index.js';
import { AgencyManifest, BusNotice, ClientFrame, decodeBusNotice, decodeClientFrame, IntentPack } from '../../src/protocol/index.js';
import { detectPii, redactPii, redactText } from '../../src/privacy/index.js';
import { parseServerFrame } from '../../widget/frame/frames.js';
import { fuzzOptions, json, PLANTED, rawFrame } from './arbitraries.js';

/**
 * Property-based fuzzing (fast-check) of every decoder that reads input from outside: widget frames, the
 * widget's server-frame parser, bus notices, intent packs and agency manifests, and the PII redaction that
 * runs over everything citizens type. Each must never throw anything but its documented error, and its
 * errors must never carry the input back.
 */
describe('widget frame decoder (decodeClientFrame)', () => {
  it('never throws; accepts exactly what ClientFrame accepts; errors are well formed and carry no input', () => {
    fc.assert(
      fc.property(rawFrame, (raw) => {
        const result = decodeClientFrame(raw);
        if (result.ok) {
          expect(ClientFrame.safeParse(JSON.parse(raw)).success).toBe(true);
          return;
        }
        expect(['json', 'schema']).toContain(result.reason);
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(typeof issue.path).toBe('string');
          expect(typeof issue.code).toBe('string');
          expect(typeof issue.message).toBe('string');
        }
        expect(JSON.stringify(result.issues)).not.toContain(PLANTED);
      }),
      fuzzOptions(),
    );
  });
});

describe('widget server-frame parser (parseServerFrame)', () => {
  it('never throws and returns a frame with a known type, or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(rawFrame, fc.anything()), (raw) => {
        const frame = parseServerFrame(raw);
        if (frame) expect(['welcome', 'message', 'status', 'typing', 'ack', 'error', 'service']).toContain(frame.type);
      }),
      fuzzOptions(),
    );
  });
});

describe('bus notice decoder (decodeBusNotice)', () => {
  it('never throws; whatever it returns is a BusNotice', () => {
    fc.assert(
      fc.property(fc.oneof(rawFrame, json.map((v) => JSON.stringify({ type: 'events', conversationId: 'c', events: v }))), (raw) => {
        const notice = decodeBusNotice(raw);
        if (notice) expect(BusNotice.safeParse(notice).success).toBe(true);
      }),
      fuzzOptions(),
    );
  });
});

const VALID_PACK = { language: 'en', intents: [{ name: 'opening_hours', examples: ['when do you open'], answers: ['9 to 5'] }] };
const VALID_MANIFEST = { id: 'library', name: { en: 'Library' }, description: { en: 'Books' }, languages: ['en'] };

/** YAML text: arbitrary strings, YAML of arbitrary values, and valid documents with one part replaced. */
function yamlSource(valid: Record<string, unknown>) {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    json.map((value) => stringify(value)),
    fc.tuple(fc.constantFrom(...Object.keys(valid), 'extra'), json).map(([key, value]) => stringify({ ...valid, [key]: value })),
    fc.string({ maxLength: 60 }).map((junk) => `${stringify(valid)}${junk}`),
  );
}

describe.each([
  ['intent pack', IntentPack, VALID_PACK],
  ['agency manifest', AgencyManifest, VALID_MANIFEST],
] as const)('pack loader: %s', (_name, schema, valid) => {
  it('parses or throws SWB_ERR_PACK_INVALID with file:line issues, nothing else', () => {
    fc.assert(
      fc.property(yamlSource(valid), (source) => {
        try {
          parseYamlWith(schema, source, 'fuzz.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(SwitchboardError);
          const failure = error as SwitchboardError;
          expect(failure.code).toBe('SWB_ERR_PACK_INVALID');
          expect(failure.issues?.length).toBeGreaterThan(0);
          for (const issue of failure.issues ?? []) expect(issue.path).toMatch(/^fuzz\.yaml:\d+/);
        }
      }),
      fuzzOptions(),
    );
  });
});

describe('PII redaction over anything typed', () => {
  const isikukood = fc.constantFrom('37605030299', '49403136526', '60001019906', '47101010033');
  it('never throws; a planted ID code never survives redaction; redacting twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), isikukood, fc.string({ maxLength: 50 }), (before, code, after) => {
        const text = `${before} ${code} ${after}`;
        const once = redactPii(text);
        expect(once).not.toContain(code);
        expect(redactText(text)).not.toContain(code);
        expect(redactPii(once)).toBe(once);
        expect(detectPii(once).filter((span) => span.kind === 'id_ee')).toEqual([]);
      }),
      fuzzOptions(),
    );
  });
});
