import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { PROJECT_ROOT } from '../../src/config/index.js';

/** `switchboard packs …` on folders written for the test (in-process through `run`, and once through the bin). */
function agencyFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'swb-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function cli(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await run(argv, (line) => lines.push(line));
  return { code, lines };
}

const MANIFEST = 'id: library\nname: { en: National Library }\ndescription: { en: Library cards }\nlanguages: [en, et]\nbot: { type: local }\n';

describe('switchboard packs validate', () => {
  it('passes the demo agencies', async () => {
    const { code, lines } = await cli('packs', 'validate', join(PROJECT_ROOT, 'agencies'));
    expect(code).toBe(0);
    expect(lines.filter((line) => line.startsWith('ok '))).toHaveLength(3);
  });

  it('names file, line and field of every problem and exits 1', async () => {
    const root = agencyFolder({
      'library/manifest.yaml': MANIFEST,
      'library/intents/en.yaml': [
        'language: en',
        'intents:',
        '  - name: library_card',
        '    examples: [How do I get a library card?, library card application, become a reader, register online, lost my card]',
        '    answers: ["Register at https://www.nlib.ee"]',
        '  - name: opening_hours',
        '    examples:',
        '      - When is the library open?',
        '      - opening hours',
        '    answers: ["Mon-Fri 10-20"]',
        '  - name: book_loan',
        '    examples: [How long can I borrow a book?, renew my loan, how many books, extend the loan, overdue book]',
        '',
      ].join('\n'),
    });
    const { code, lines } = await cli('packs', 'validate', join(root, 'library'));
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/library\/intents\/en\.yaml:8 intents\.1\.examples: expected at least 5 items$/),
      expect.stringMatching(/library\/intents\/en\.yaml:11 intents\.2\.answers: expected at least 1 item \(a local bot answers from the pack\)$/),
      expect.stringMatching(/library\/manifest\.yaml:4 languages: no intent pack for et \(expected intents\/et\.yaml\)$/),
    ]);
  });

  it('is the package bin: `switchboard packs validate` exits non-zero on a broken pack', () => {
    const root = agencyFolder({ 'library/manifest.yaml': MANIFEST.replace('[en, et]', '[en]'), 'library/intents/en.yaml': 'language: en\nintents: []\n' });
    const bin = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).bin.switchboard;
    const result = spawnSync(process.execPath, [join(PROJECT_ROOT, bin), 'packs', 'validate', join(root, 'library')], { encoding: 'utf8', cwd: root });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/library\/intents\/en\.yaml:2 intents: expected at least 1 item/);
  });
});

describe('switchboard packs import-rasa', () => {
  it('turns a Rasa 3 project into a pack: entity markup stripped, answers from domain.yml, synonyms kept, the rest reported', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'swb-rasa-')), 'library');
    const { code, lines } = await cli('packs', 'import-rasa', join(PROJECT_ROOT, 'tests/fixtures/rasa-library'), '--agency', 'library', '--out', out);
    const pack = parse(readFileSync(join(out, 'intents/et.yaml'), 'utf8'));
    expect(pack.language).toBe('et');
    expect(pack.intents.map((intent: { name: string }) => intent.name)).toEqual(['opening_hours', 'library_card', 'faq_ask_branch']);
    expect(pack.intents[0].examples).toContain('kas Tallinna raamatukogu on pühapäeval lahti');
    expect(pack.intents[0].examples).toContain('mis kell raamatukogu Tartus suletakse');
    expect(pack.intents[1].answers).toEqual(['Registreeru lugejaks aadressil https://www.nlib.ee.', 'Lugejakaardi saad teenindusletist.']);
    expect(pack.intents[2].answers).toEqual(['Harukontorid on Tallinnas ja Tartus.']);
    expect(pack.synonyms).toEqual([{ value: 'Tallinn', synonyms: ['Tallinna', 'Tln'] }]);
    const manifest = parse(readFileSync(join(out, 'manifest.yaml'), 'utf8'));
    expect(manifest).toEqual(expect.objectContaining({ id: 'library', languages: ['et'], bot: { type: 'rasa', url: 'http://localhost:5005/webhooks/rest/webhook' } }));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('3 intents, 15 examples, entity markup stripped in 3'),
        'renamed intent faq/ask_branch → faq_ask_branch',
        'synonyms for Tallinn: Tallinna, Tln',
        expect.stringMatching(/^skipped .*nlu\.yml: lookup table "location"/),
        expect.stringMatching(/^skipped .*nlu\.yml: regex "reader_number"/),
        // Three examples are too few to cross-validate: the same check as `validate`, with file and line.
        expect.stringMatching(/library\/intents\/et\.yaml:\d+ intents\.2\.examples: expected at least 5 items$/),
      ]),
    );
    expect(code).toBe(1);
  });
});
