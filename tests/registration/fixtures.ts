import type { RunningServer } from '../../src/server.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A new agency's draft: the national library, English and Estonian, a local bot answering from the pack. */
export function libraryDraft(extra: { examples?: string[] } = {}) {
  const pack = (language: 'en' | 'et', intents: Array<[string, string[], string]>) => ({
    language,
    intents: intents.map(([name, examples, answer]) => ({ name, examples, answers: [answer] })),
  });
  return {
    manifest: {
      id: 'library',
      name: { en: 'National Library', et: 'Rahvusraamatukogu' },
      description: { en: 'Library cards and opening hours', et: 'Lugejakaardid ja lahtiolekuajad' },
      languages: ['en', 'et'],
      bot: { type: 'local' },
    },
    packs: {
      en: pack('en', [
        ['library_card', ['How do I get a library card?', 'library card application', 'I want to become a reader at the national library', 'can I register as a library reader online', 'lost my library card, how to get a new one', 'library card for a child', ...(extra.examples ?? [])], 'Register as a reader at https://www.nlib.ee; the card is free.'],
        ['opening_hours', ['When is the national library open?', 'library opening hours', 'is the library reading room open on Sunday', 'what time does the library close today', 'national library hours during holidays', 'is the library open on Saturday'], 'The library is open Mon–Fri 10–20, Sat 12–19.'],
        ['book_loan', ['How long can I borrow a book from the library?', 'renew my library book loan', 'how many library books can I borrow at once', 'extend the loan period of a library book', 'the library book is overdue, what now', 'borrow a book from the national library'], 'Books are lent for 28 days; renew them in your reader account.'],
      ]),
      et: pack('et', [
        ['library_card', ['Kuidas saada raamatukogu lugejakaart?', 'lugejakaardi taotlemine', 'tahan rahvusraamatukogu lugejaks', 'kas saab raamatukogu lugejaks registreeruda veebis', 'kaotasin lugejakaardi', 'lapse lugejakaart raamatukogus'], 'Registreeru lugejaks aadressil https://www.nlib.ee; kaart on tasuta.'],
        ['opening_hours', ['Millal on rahvusraamatukogu avatud?', 'raamatukogu lahtiolekuajad', 'kas raamatukogu lugemissaal on pühapäeval avatud', 'mis kell raamatukogu täna suletakse', 'raamatukogu lahtiolekuajad pühade ajal', 'kas raamatukogu on laupäeval lahti'], 'Raamatukogu on avatud E–R 10–20, L 12–19.'],
        ['book_loan', ['Kui kauaks saab raamatukogust raamatu laenutada?', 'pikenda raamatukogu raamatu laenutust', 'mitu raamatut saab raamatukogust korraga laenutada', 'raamatu laenutusaja pikendamine', 'raamatukogu raamat on tähtaja ületanud', 'laenuta raamat rahvusraamatukogust'], 'Raamatud laenutatakse 28 päevaks; pikenda neid lugejakontos.'],
      ]),
    },
  };
}

/** fetch JSON with a bearer token; returns status and parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: responses of many shapes, checked by each test's expectations
export async function api(server: RunningServer, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function issueKey(server: RunningServer, agency: string): Promise<string> {
  const created = await api(server, 'POST', `/api/admin/agencies/${agency}/keys`, ADMIN_TOKEN);
  if (created.status !== 201) throw new Error(`key for ${agency}: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.key as string;
}
