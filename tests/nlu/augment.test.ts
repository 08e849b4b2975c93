import { describe, expect, it } from 'vitest';
import { expandSynonyms, type TrainingExample } from '../../src/nlu/index.js';
import { IntentPack } from '../../src/protocol/index.js';

const ex = (text: string, language: TrainingExample['language'] = 'et'): TrainingExample => ({ text, intent: 'police/lost_document', language });

describe('pack synonyms', () => {
  it('adds a copy of each example with the other members of a group in place of the one it uses', () => {
    const out = expandSynonyms([ex('Kaotasin ID-kaardi ära'), ex('pass on kadunud')], [['id-kaardi', 'isikutunnistuse', 'id kaardi']]);
    expect(out.map((e) => e.text)).toEqual(['Kaotasin ID-kaardi ära', 'pass on kadunud', 'kaotasin isikutunnistuse ära', 'kaotasin id kaardi ära']);
  });

  it('matches whole words only, and skips copies that already exist', () => {
    expect(expandSynonyms([ex('passiga')], [['pass', 'passport']])).toHaveLength(1);
    expect(expandSynonyms([ex('pass kadus'), ex('passport kadus')], [['pass', 'passport']])).toHaveLength(2);
  });

  it('is optional in the pack schema', () => {
    const pack = IntentPack.parse({ language: 'en', intents: [{ name: 'lost', examples: ['lost id card'], answers: ['…'] }] });
    expect(pack.synonyms).toEqual([]);
    const withSynonyms = IntentPack.parse({ language: 'en', intents: [{ name: 'lost', examples: ['x'], answers: ['…'] }], synonyms: [{ value: 'id card', synonyms: ['identity card'] }] });
    expect(withSynonyms.synonyms[0]).toEqual({ value: 'id card', synonyms: ['identity card'] });
  });
});
