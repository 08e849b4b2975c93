import { describe, expect, it } from 'vitest';
import type { EmbedConfig } from '../../src/protocol/index.js';
import { agencyLabel, answeringAgency } from '../../widget/frame/speaker.js';
import { transcriptText } from '../../widget/frame/transcript.js';
import { STRINGS } from '../../widget/frame/i18n.js';

const config = {
  id: 'tax',
  name: { en: 'Tax and Customs Board', et: 'Maksu- ja Tolliamet' },
  languages: ['et', 'en'],
  theme: { color: '#0b5394' },
  privacy: { levels: ['delete_on_close'], retentionDays: 30 },
  wsPath: '/ws?agency=tax',
  agencies: [
    { id: 'tax', name: { en: 'Tax and Customs Board', et: 'Maksu- ja Tolliamet' }, color: '#0b5394' },
    { id: 'police', name: { en: 'Police and Border Guard Board', et: 'Politsei- ja Piirivalveamet' }, color: '#003168' },
  ],
} as unknown as EmbedConfig;

const at = '2025-03-01T09:15:00.000Z';

describe('who is speaking (widget/frame/speaker.ts)', () => {
  it('names an agency in the UI language, else in any of its languages, with its colour', () => {
    expect(agencyLabel(config, 'police', 'et')).toEqual({ id: 'police', name: 'Politsei- ja Piirivalveamet', color: '#003168' });
    expect(agencyLabel(config, 'police', 'sv')?.name).toBe('Police and Border Guard Board');
    expect(agencyLabel(config, 'atlantis', 'en')).toBeUndefined();
    expect(agencyLabel(config, undefined, 'en')).toBeUndefined();
  });

  it('the agency answering now is the latest one a bot or system message names, else the home agency', () => {
    expect(answeringAgency([], 'tax')).toBe('tax');
    const events = [
      { type: 'message', seq: 1, at, from: 'bot', text: 'Hello' },
      { type: 'message', seq: 2, at, from: 'citizen', text: 'passport?' },
      { type: 'message', seq: 3, at, from: 'bot', agency: 'police', text: 'Apply online.' },
      { type: 'message', seq: 4, at, from: 'citizen', text: 'thanks' },
      { type: 'message', seq: 5, at, from: 'bot', text: 'You are welcome.' },
    ] as const;
    expect(answeringAgency([...events], 'tax')).toBe('police');
    expect(answeringAgency([...events, { type: 'message', seq: 6, at, from: 'system', agency: 'tax', text: 'Tax and Customs Board will continue from here.' }], 'tax')).toBe('tax');
  });

  it('the transcript names the agency of every bot message and of a handoff notice', () => {
    const name = (agency: string | undefined) => agencyLabel(config, agency, 'en')?.name ?? 'Tax and Customs Board';
    const text = transcriptText('Tax', 'en', [
      { type: 'message', seq: 1, at, from: 'bot', text: 'Hello' },
      { type: 'message', seq: 2, at, from: 'bot', agency: 'police', text: 'Apply online.' },
      { type: 'message', seq: 3, at, from: 'system', agency: 'tax', text: 'Tax and Customs Board will continue from here.' },
    ], name);
    expect(text.split('\n').slice(2, 5)).toEqual([
      '[2025-03-01 09:15] Tax and Customs Board: Hello',
      '[2025-03-01 09:15] Police and Border Guard Board: Apply online.',
      '[2025-03-01 09:15] Notice (Tax and Customs Board): Tax and Customs Board will continue from here.',
    ]);
  });

  it('says "via" and "is answering now" in every UI language, with the name filled in', () => {
    for (const strings of Object.values(STRINGS)) {
      expect(strings.via).toContain('{name}');
      expect(strings.answeringNow).toContain('{name}');
    }
  });
});
