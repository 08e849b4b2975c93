import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/protocol/index.js';
import type { RunningServer } from '../../src/server.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { ask, startTestServer } from '../helpers/switchboard.js';

// "Did you mean…" over a real WebSocket: a citizen's paraphrase (tests/fixtures/paraphrases.jsonl) scored
// between the suggestion floor and the threshold gets its likeliest intents as choices, each with its agency;
// picking one routes there; "Something else" falls back with a person offered.
interface Line {
  text: string;
  language: Language;
  intent: string;
}
const LINES: Line[] = readFileSync(new URL('../fixtures/paraphrases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Line);

let server: RunningServer;
const clients: WidgetClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ modelCacheDir: false });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

async function open(language: Language) {
  const client = await WidgetClient.connect(server.url);
  clients.push(client);
  await client.hello({ language });
  return client;
}

/**
 * A Police paraphrase whose right intent is the model's top one, and a policy whose band holds its score: the
 * paraphrase's real score sits between the floor and the threshold, whatever the packs make of it this week.
 */
function inBand(): { line: Line; restore: () => void } {
  const policy = server.router.policy;
  for (const line of LINES.filter((l) => l.language === 'en' && l.intent.startsWith('police/'))) {
    const decision = server.router.explain(line.text, line.language);
    if (decision.top[0]?.intent !== line.intent || decision.top[1]?.owner === 'police') continue;
    const score = decision.top[0].score;
    server.router.useModel(server.model, { ...policy, threshold: Math.min(1, score + 0.01), suggestFloor: score / 2, clarifyRival: undefined });
    return { line, restore: () => server.router.useModel(server.model, policy) };
  }
  throw new Error('no English police paraphrase ranks its intent first');
}

describe('suggestions between the floor and the threshold', () => {
  it('a paraphrase gets "Did you mean…" with agencies, a person and "something else"; picking it routes there', async () => {
    const { line, restore } = inBand();
    try {
      const client = await open('en');
      const replies = await ask(server, client, line.text);
      const question = replies.at(-1)!;
      expect(question.text).toMatch(/Did you mean/);
      const labels = question.choices!.map((c) => c.label);
      expect(labels.slice(-2)).toEqual(['Talk to a person', 'Something else']);
      const police = question.choices!.find((c) => c.label.startsWith('Police and Border Guard Board:'));
      expect(police, labels.join(' | ')).toBeDefined();
      const answer = await ask(server, client, police!.value);
      expect(answer[0]).toMatchObject({ from: 'bot', agency: 'police' });
    } finally {
      restore();
    }
  });

  it('"Something else" falls back and offers a person', async () => {
    const { line, restore } = inBand();
    try {
      const client = await open('en');
      const replies = await ask(server, client, line.text);
      const elsewhere = replies.at(-1)!.choices!.find((c) => c.label === 'Something else')!;
      const answer = await ask(server, client, elsewhere.value);
      expect(answer).toHaveLength(1);
      expect(answer[0].from).toBe('system');
      expect(answer[0].choices?.map((c) => c.label)).toEqual(['Talk to a person']);
    } finally {
      restore();
    }
  });

  it('suggests in the citizen\'s language', async () => {
    const { line, restore } = inBand();
    try {
      const et = LINES.find((l) => l.language === 'et' && l.intent === line.intent) ?? line;
      server.router.useModel(server.model, { ...server.router.policy, threshold: 1, suggestFloor: 0.01 });
      const client = await open('et');
      const replies = await ask(server, client, et.text);
      expect(replies.at(-1)!.text).toMatch(/Kas mõtlesite/);
      expect(replies.at(-1)!.choices!.map((c) => c.label).slice(-2)).toEqual(['Räägi inimesega', 'Midagi muud']);
    } finally {
      restore();
    }
  });
});
