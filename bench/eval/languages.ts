import { LANGUAGES, type Language } from '../../src/protocol/index.js';
import { createLanguageDetector, detectLanguage, tokenize, trainIntentModel } from '../../src/nlu/index.js';
import { foldOf, loadPackExamples } from './packs.js';

const FOLDS = 5;
const owner = (intent: string): string => intent.split('/')[0];
const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : 'n/a');

interface Tally {
  right: number;
  total: number;
}

/**
 * Language detection on the demo packs' examples, which the built-in profile never saw (held out by
 * construction); and a detector trained on the packs, measured by 5-fold cross-validation. Short = 3-6 words.
 * Also the intent model on the packs, same folds: accuracy of the top intent per language.
 */
export async function evaluateLanguages(): Promise<{ table: string; figures: Record<string, unknown> }> {
  const examples = await loadPackExamples();
  if (examples.length === 0) return { table: 'no pack examples found', figures: {} };
  const folds = foldOf(examples, FOLDS);
  const rows: Record<string, Record<Language, Tally>> = {};
  const bump = (row: string, language: Language, ok: boolean): void => {
    rows[row] ??= Object.fromEntries(LANGUAGES.map((l) => [l, { right: 0, total: 0 }])) as Record<Language, Tally>;
    rows[row][language].total++;
    if (ok) rows[row][language].right++;
  };
  for (const e of examples) {
    const words = tokenize(e.text).length;
    const short = words >= 3 && words <= 6;
    bump('built-in profile, all', e.language, detectLanguage(e.text).language === e.language);
    if (short) bump('built-in profile, 3-6 words', e.language, detectLanguage(e.text).language === e.language);
    bump('built-in profile, hint "en" (wrong UI language)', e.language, detectLanguage(e.text, 'en').language === e.language);
  }
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = examples.filter((_, i) => folds[i] !== fold);
    const detector = createLanguageDetector(train);
    const model = trainIntentModel(train, { seed: 1 });
    examples.forEach((e, i) => {
      if (folds[i] !== fold) return;
      const words = tokenize(e.text).length;
      bump('trained on packs (5-fold), all', e.language, detector.detect(e.text).language === e.language);
      bump('trained on packs (5-fold), hint "en"', e.language, detector.detect(e.text, 'en').language === e.language);
      if (words >= 3 && words <= 6) bump('trained on packs (5-fold), 3-6 words', e.language, detector.detect(e.text).language === e.language);
      if (e.intent === 'oos') return;
      const c = model.classify(e.text, e.language);
      bump('intent model (5-fold): top intent right', e.language, c.ranked[0].intent === e.intent);
      bump('intent model (5-fold): right and not rejected', e.language, c.ranked[0].intent === e.intent && !c.outOfScope);
      bump('intent model (5-fold): right intent in top 2', e.language, c.ranked.slice(0, 2).some((p) => p.intent === e.intent));
      bump('intent model (5-fold): right agency (owner of top intent)', e.language, owner(c.ranked[0].intent) === owner(e.intent));
      const detected = detector.detect(e.text).language;
      bump('intent model (5-fold), language detected: right', e.language, model.classify(e.text, detected).ranked[0].intent === e.intent);
    });
  }
  const lines = [
    `| measure | ${LANGUAGES.join(' % | ')} % | all % |`,
    `|---|${LANGUAGES.map(() => '---:').join('|')}|---:|`,
  ];
  // Language rows first, then intent rows; insertion order interleaves them.
  const ordered = Object.entries(rows).sort(([a], [b]) => Number(a.startsWith('intent')) - Number(b.startsWith('intent')));
  for (const [name, tallies] of ordered) {
    const all = LANGUAGES.reduce((s, l) => ({ right: s.right + tallies[l].right, total: s.total + tallies[l].total }), { right: 0, total: 0 });
    lines.push(`| ${name} | ${LANGUAGES.map((l) => `${pct(tallies[l].right, tallies[l].total)} (${tallies[l].total})`).join(' | ')} | ${pct(all.right, all.total)} |`);
  }
  const intents = new Set(examples.map((e) => e.intent));
  const header = `${examples.length} pack examples, ${intents.size} intents (incl. oos); (n) = examples measured.`;
  return { table: `${header}\n\n${lines.join('\n')}`, figures: rows };
}
