import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../widget/frame/backoff.js';
import { linkify } from '../../widget/frame/linkify.js';
import { contrast, themeColours } from '../../widget/frame/theme.js';
import { pickLanguage } from '../../widget/shared/language.js';
import { STRINGS } from '../../widget/frame/i18n.js';
import { transcriptText } from '../../widget/frame/transcript.js';

describe('reconnectDelay', () => {
  it('grows exponentially to the cap, with jitter in the upper half', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 0)).toBe(2000);
    expect(reconnectDelay(3, () => 0.999)).toBeLessThanOrEqual(4000);
    expect(reconnectDelay(50, () => 1)).toBe(20_000);
    expect(reconnectDelay(50, () => 0)).toBe(10_000);
  });

  it('spreads clients out: many random draws do not collapse to one value', () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(4)));
    expect(delays.size).toBeGreaterThan(20);
  });
});

describe('linkify', () => {
  it('splits text and http(s) links, leaving trailing punctuation out', () => {
    expect(linkify('See https://www.emta.ee/et/eraklient. Then www.eesti.ee!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://www.emta.ee/et/eraklient', href: 'https://www.emta.ee/et/eraklient' },
      { kind: 'text', text: '. Then ' },
      { kind: 'link', text: 'www.eesti.ee', href: 'https://www.eesti.ee/' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('never makes links of other schemes and keeps markup as text', () => {
    const hostile = '<img src=x onerror=alert(1)> javascript:alert(1) data:text/html,x';
    expect(linkify(hostile)).toEqual([{ kind: 'text', text: hostile }]);
  });
});

describe('themeColours', () => {
  it('picks the readable text colour on the accent and a readable accent for text', () => {
    const dark = themeColours('#0b5394');
    expect(dark.onAccent).toBe('#ffffff');
    expect(contrast(dark.accent, dark.onAccent)).toBeGreaterThanOrEqual(4.5);
    const light = themeColours('#ffd400');
    expect(light.onAccent).toBe('#1a1a1a');
    expect(contrast(light.accentText, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(themeColours('red; x').accent).toBe('#1f4e79');
  });
});

describe('pickLanguage', () => {
  it('prefers data-lang, then the page, then the browser, then Estonian', () => {
    expect(pickLanguage('ru', 'en', ['sv'])).toBe('ru');
    expect(pickLanguage(undefined, 'en-GB', ['sv'])).toBe('en');
    expect(pickLanguage('fi', 'de', ['de-DE', 'sv-SE'])).toBe('sv');
    expect(pickLanguage(null, '', ['fr'])).toBe('et');
  });
});

describe('UI strings', () => {
  it('exist in every language for every key', () => {
    const keys = Object.keys(STRINGS.en).sort();
    for (const language of ['et', 'ru', 'sv'] as const) {
      expect(Object.keys(STRINGS[language]).sort()).toEqual(keys);
      for (const key of keys) expect(STRINGS[language][key as keyof typeof STRINGS.en].length).toBeGreaterThan(0);
    }
  });
});

describe('transcriptText', () => {
  it('lists who said what, with status notes', () => {
    const text = transcriptText('Tax', 'en', [
      { type: 'message', seq: 1, at: '2025-03-01T09:15:00.000Z', from: 'citizen', text: 'When is my refund?', clientId: 'x' },
      { type: 'message', seq: 2, at: '2025-03-01T09:15:01.000Z', from: 'bot', text: 'From 15 March.' },
      { type: 'status', seq: 3, at: '2025-03-01T09:16:00.000Z', state: 'waiting_human', queuePosition: 2 },
      { type: 'message', seq: 4, at: '2025-03-01T09:17:00.000Z', from: 'operator', text: 'Hi', operatorName: 'Mari' },
    ]);
    expect(text).toBe(
      'Conversation transcript: Tax\n\n[2025-03-01 09:15] You: When is my refund?\n[2025-03-01 09:15] Assistant: From 15 March.\n' +
        '[2025-03-01 09:16] Notice: Waiting for a customer service agent.\n[2025-03-01 09:17] Mari: Hi\n',
    );
  });
});
