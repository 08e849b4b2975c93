/**
 * Writes `tests/fixtures/pii-cases.jsonl`: the labelled set the PII detectors are measured on
 * (`npm run eval -- --pii`). Deterministic (seeded), so the file changes only when this script does.
 *
 * Check digits are computed here from the published rules, written independently of `src/privacy/` so a
 * mistake there is not repeated here. Each line: `{id, lang, text, pii: [{kind, text}], note?}`; `pii` lists
 * every span a perfect detector would redact (empty for hard negatives).
 *
 *   npx tsx scripts/make-pii-cases.ts
 */
import { writeFileSync } from 'node:fs';

type Lang = 'et' | 'en' | 'ru' | 'sv';
type Kind = 'id_ee' | 'id_se' | 'id_fi' | 'email' | 'phone' | 'iban' | 'card' | 'plate_ee' | 'address';
interface Case { id: number; lang: Lang; text: string; pii: Array<{ kind: Kind; text: string }>; note?: string }

let seed = 20_261_203;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const LANGS: Lang[] = ['et', 'en', 'ru', 'sv'];

// --- values -------------------------------------------------------------------------------------------
function birth(): { y: number; m: number; d: number } {
  const m = int(1, 12);
  return { y: int(1935, 2012), m, d: int(1, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]) };
}

function isikukood(wrong = false): string {
  const { y, m, d } = birth();
  const first = (y < 2000 ? 3 : 5) + int(0, 1);
  const body = `${first}${pad(y % 100)}${pad(m)}${pad(d)}${digits(3)}`;
  const weighted = (w: number[]) => [...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11;
  let check = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
  if (check === 10) check = weighted([3, 4, 5, 6, 7, 8, 9, 1, 2, 3]) % 10;
  return body + (wrong ? (check + int(1, 9)) % 10 : check);
}

function luhnCheck(payload: string): number {
  let sum = 0;
  [...payload].reverse().forEach((c, i) => {
    const v = Number(c) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  });
  return (10 - (sum % 10)) % 10;
}

function personnummer(wrong = false): string {
  const { y, m, d } = birth();
  const day = random() < 0.25 ? d + 60 : d; // samordningsnummer
  const nine = `${pad(y % 100)}${pad(m)}${pad(day)}${digits(3)}`;
  const check = (luhnCheck(nine) + (wrong ? int(1, 9) : 0)) % 10;
  const form = int(0, 2);
  if (form === 0) return `${nine.slice(0, 6)}-${nine.slice(6)}${check}`;
  if (form === 1) return `${Math.floor(y / 100)}${nine}${check}`;
  return `${Math.floor(y / 100)}${nine.slice(0, 6)}-${nine.slice(6)}${check}`;
}

function hetu(wrong = false): string {
  const { y, m, d } = birth();
  const sign = y < 2000 ? pick(['-', '-', 'Y']) : pick(['A', 'A', 'B']);
  const individual = pad(int(2, 899), 3);
  const chars = '0123456789ABCDEFHJKLMNPRSTUVWXY';
  const index = Number(`${pad(d)}${pad(m)}${pad(y % 100)}${individual}`) % 31;
  return `${pad(d)}${pad(m)}${pad(y % 100)}${sign}${individual}${chars[wrong ? (index + int(1, 30)) % 31 : index]}`;
}

const FIRST = ['mari', 'jaan', 'olga', 'anna', 'erik', 'liisa', 'ivan', 'sven', 'aino', 'kalle', 'jüri', 'tõnu'];
const LAST = ['maasikas', 'tamm', 'ivanova', 'svensson', 'virtanen', 'kask', 'petrov', 'lindqvist', 'õun', 'saar'];
const DOMAINS = ['example.ee', 'mail.ee', 'gmail.com', 'hot.ee', 'telia.se', 'yandex.ru', 'kolumbus.fi', 'eesti.ee'];
const email = () => `${pick(FIRST)}${pick(['.', '_', ''])}${pick(LAST)}${random() < 0.3 ? int(1, 99) : ''}@${pick(DOMAINS)}`;

function phone(): string {
  const group = (s: string, sizes: number[]) => {
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
      parts.push(s.slice(at, at + size));
      at += size;
    }
    return parts.join(' ');
  };
  switch (int(0, 8)) {
    case 0: return `+372 ${group(`5${pick(['0', '1', '2', '3', '5', '6'])}${digits(6)}`, [4, 4])}`;
    case 1: return `5${pick(['0', '1', '2', '3', '5', '6'])}${digits(6)}`;
    case 2: return `${group(`5${pick(['0', '1', '2', '3', '5', '6'])}${digits(6)}`, [4, 4])}`;
    case 3: return `6${pick(['0', '1', '2', '4', '6'])}${digits(1)} ${digits(4)}`;
    case 4: return `+46 7${pick(['0', '2', '3', '6', '9'])} ${digits(3)} ${digits(2)} ${digits(2)}`;
    case 5: return `07${pick(['0', '2', '3', '6', '9'])}-${digits(3)} ${digits(2)} ${digits(2)}`;
    case 6: return `+358 ${pick(['40', '41', '44', '45', '50'])} ${digits(3)} ${digits(4)}`;
    case 7: return `0${pick(['40', '41', '44', '45', '50'])} ${digits(3)} ${digits(4)}`;
    default: return pick([`+7 9${pick(['03', '12', '16', '25', '26'])} ${digits(3)}-${digits(2)}-${digits(2)}`, `8 (9${pick(['03', '12', '16', '25', '26'])}) ${digits(3)}-${digits(2)}-${digits(2)}`]);
  }
}

function mod97(text: string): number {
  let r = 0;
  for (const ch of text) for (const d of /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55)) r = (r * 10 + Number(d)) % 97;
  return r;
}

function iban(wrong = false): string {
  const cc = pick(['EE', 'EE', 'FI', 'SE', 'DE', 'LV', 'LT']);
  let bban: string;
  if (cc === 'EE') {
    const head = `${pick(['22', '10', '17', '33', '42'])}${digits(13)}`;
    const w = [7, 1, 3];
    const sum = [...head.slice(2)].reduce((s, c, i) => s + Number(c) * w[i % 3], 0);
    bban = head + ((10 - (sum % 10)) % 10);
  } else if (cc === 'FI') bban = digits(14);
  else if (cc === 'SE') bban = digits(20);
  else if (cc === 'DE') bban = digits(18);
  else if (cc === 'LV') bban = `${pick(['HABA', 'UNLA', 'PARX'])}${digits(13)}`;
  else bban = digits(16);
  let check = 98 - mod97(`${bban}${cc}00`);
  if (wrong) check = ((check + int(1, 50)) % 97) + 1;
  const compact = `${cc}${pad(check)}${bban}`;
  return random() < 0.6 ? compact.replace(/(.{4})/g, '$1 ').trim() : compact;
}

function card(wrong = false): string {
  const kind = int(0, 2);
  const payload = kind === 0 ? `4${digits(14)}` : kind === 1 ? `5${int(1, 5)}${digits(13)}` : `3${pick(['4', '7'])}${digits(12)}`;
  const number = payload + ((luhnCheck(payload) + (wrong ? int(1, 9) : 0)) % 10);
  if (random() < 0.4) return number;
  return number.length === 16 ? number.replace(/(\d{4})(?=\d)/g, '$1 ') : `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`;
}

const PLATE_LETTERS = 'ABCDEFGHIJKLMNOPRSTUVXYZ';
const plate = () => `${digits(3)}${pick([' ', ' ', ''])}${Array.from({ length: 3 }, () => pick([...PLATE_LETTERS])).join('')}`;

function address(lang: Lang): string {
  const n = `${int(1, 180)}${random() < 0.15 ? 'a' : ''}${random() < 0.3 ? `-${int(1, 60)}` : ''}`;
  if (lang === 'sv' && random() < 0.7) return `${pick(['Storgatan', 'Drottninggatan', 'Kungsvägen', 'Sveavägen', 'Götgatan', 'Hamngatan'])} ${n}`;
  if (lang === 'ru' && random() < 0.7) return pick([`ул. ${pick(['Ленина', 'Мира', 'Пушкина', 'Садовая'])}, д. ${int(1, 99)}`, `улица ${pick(['Мира', 'Гагарина', 'Лесная'])} ${int(1, 99)}`]);
  return `${pick(['Narva mnt', 'Pärnu mnt', 'Tartu mnt', 'Mustamäe tee', 'Sõpruse pst', 'Lai tn', 'Tondi tänav', 'Vabaduse väljak', 'Paldiski maantee', 'Kesk tn'])} ${n}`;
}

// --- sentences ----------------------------------------------------------------------------------------
const T: Record<Kind, Record<Lang, string[]>> = {
  id_ee: {
    et: ['Minu isikukood on {x}, palun kontrollige.', 'Isikukood {x} - kas mu avaldus on menetluses?', 'Tere, ik {x}, tahan passi uuendada'],
    en: ['My Estonian ID code is {x}, please check my application.', 'personal code {x} — is my benefit paid?', 'ID {x}. I lost my ID card'],
    ru: ['Мой личный код {x}, проверьте пожалуйста.', 'Личный код {x}, когда придёт пособие?', 'код {x} потерял паспорт'],
    sv: ['Min estniska personkod är {x}.', 'Personkod {x}, hur går det med min ansökan?', 'id {x} tack'],
  },
  id_se: {
    et: ['Rootsi isikukood {x}, kolisin Tallinnasse.', 'Mul on Rootsi personnummer {x}', 'personnummer {x}, kas sobib?'],
    en: ['My personnummer is {x}.', 'Swedish ID {x} - can I register here?', 'coordination number {x}'],
    ru: ['Шведский персональный номер {x}.', 'personnummer {x}, что делать?', 'мой номер {x} в Швеции'],
    sv: ['Mitt personnummer är {x}.', 'Personnr {x}, jag har flyttat till Estland.', 'samordningsnummer {x} gäller det?'],
  },
  id_fi: {
    et: ['Soome isikukood {x}, töötan Helsingis.', 'Minu henkilötunnus on {x}', 'hetu {x} palun'],
    en: ['My Finnish personal identity code is {x}.', 'henkilötunnus {x}, I commute to Helsinki', 'HETU {x}'],
    ru: ['Финский личный код {x}.', 'henkilötunnus {x}, работаю в Финляндии', 'мой hetu {x}'],
    sv: ['Min finska personbeteckning är {x}.', 'Personbeteckning {x}, jag bor i Esbo', 'hetu {x}'],
  },
  email: {
    et: ['Kirjutage mulle aadressil {x}, aitäh.', 'Minu e-post: {x}', 'vastus palun {x} peale'],
    en: ['Please reply to {x}.', 'My e-mail is {x} if you need it', 'contact: {x}'],
    ru: ['Напишите мне на {x}, спасибо.', 'Моя почта {x}', 'email {x} пожалуйста'],
    sv: ['Skriv till mig på {x}.', 'Min e-post är {x}', 'mejla {x} tack'],
  },
  phone: {
    et: ['Helistage mulle numbril {x}, aitäh.', 'Minu telefon: {x}', 'tel {x} pärast kella viit'],
    en: ['Call me on {x} please.', 'My phone number is {x}', 'you can reach me at {x} after five'],
    ru: ['Позвоните мне по номеру {x}.', 'Мой телефон {x}', 'тел. {x} после пяти'],
    sv: ['Ring mig på {x}, tack.', 'Mitt telefonnummer är {x}', 'nå mig på {x} efter fem'],
  },
  iban: {
    et: ['Toetus palun kontole {x}.', 'Minu arveldusarve on {x}', 'IBAN {x}, kas makse tuli?'],
    en: ['Please pay the benefit to {x}.', 'My account number is {x}', 'IBAN: {x} - did the refund arrive?'],
    ru: ['Переведите пособие на счёт {x}.', 'Мой расчётный счёт {x}', 'IBAN {x}, пришла ли выплата?'],
    sv: ['Betala ut till konto {x}, tack.', 'Mitt kontonummer är {x}', 'IBAN {x}, kom återbetalningen?'],
  },
  card: {
    et: ['Maksin kaardiga {x}, aga raha ei läinud läbi.', 'Kaardi number {x} on blokeeritud', 'kaart {x} ei tööta'],
    en: ['I paid with card {x} but the fee failed.', 'My card number is {x}', 'card {x} was charged twice'],
    ru: ['Я платил картой {x}, но платёж не прошёл.', 'Номер карты {x}', 'карта {x} списали дважды'],
    sv: ['Jag betalade med kort {x} men det gick inte.', 'Mitt kortnummer är {x}', 'kort {x} drogs två gånger'],
  },
  plate_ee: {
    et: ['Minu auto numbrimärk on {x}, sain trahvi.', 'Auto {x} tõsteti ära', 'numbrimärk {x} varastati'],
    en: ['My car plate is {x} and I got a parking fine.', 'Car {x} was towed', 'plate {x} stolen last night'],
    ru: ['Номер моей машины {x}, пришёл штраф.', 'Машину {x} эвакуировали', 'номерной знак {x} украли'],
    sv: ['Min bil har registreringsnummer {x}.', 'Bilen {x} bogserades bort', 'regnummer {x} stulen'],
  },
  address: {
    et: ['Elan aadressil {x}, Tallinn.', 'Minu aadress on {x}', 'kolisin {x}, kuidas elukohta muuta?'],
    en: ['I live at {x}, Tallinn.', 'My address is {x}', 'moved to {x}, how do I register it?'],
    ru: ['Я живу по адресу {x}, Таллинн.', 'Мой адрес: {x}', 'переехал на {x}, как сменить место жительства?'],
    sv: ['Jag bor på {x}.', 'Min adress är {x}', 'flyttade till {x}, hur ändrar jag adressen?'],
  },
};

const VALUE: Record<Kind, (lang: Lang) => string> = {
  id_ee: () => isikukood(),
  id_se: () => personnummer(),
  id_fi: () => hetu(),
  email: () => email(),
  phone: () => phone(),
  iban: () => iban(),
  card: () => card(),
  plate_ee: () => plate(),
  address: (lang) => address(lang),
};

const cases: Case[] = [];
const add = (lang: Lang, text: string, pii: Case['pii'], note?: string) => cases.push({ id: cases.length + 1, lang, text, pii, ...(note ? { note } : {}) });

// Positives: every kind in every language, in running text.
for (const kind of Object.keys(T) as Kind[]) {
  for (const lang of LANGS) {
    for (let i = 0; i < 9; i++) {
      const value = VALUE[kind](lang);
      add(lang, pick(T[kind][lang]).replace('{x}', value), [{ kind, text: value }]);
    }
  }
}

// Two kinds in one message.
const kinds = Object.keys(T) as Kind[];
for (let i = 0; i < 48; i++) {
  const lang = LANGS[i % 4];
  const a = kinds[i % kinds.length];
  const b = kinds[(i * 5 + 3) % kinds.length] === a ? kinds[(i + 1) % kinds.length] : kinds[(i * 5 + 3) % kinds.length];
  const [va, vb] = [VALUE[a](lang), VALUE[b](lang)];
  const joiner = { et: ' Lisaks: ', en: ' Also: ', ru: ' Также: ', sv: ' Dessutom: ' }[lang];
  add(lang, `${pick(T[a][lang]).replace('{x}', va)}${joiner}${pick(T[b][lang]).replace('{x}', vb)}`, [{ kind: a, text: va }, { kind: b, text: vb }]);
}

// Hard negatives: valid-looking numbers with wrong check digits.
const WRONG: Array<[Kind, () => string]> = [['id_ee', () => isikukood(true)], ['id_se', () => personnummer(true)], ['id_fi', () => hetu(true)], ['iban', () => iban(true)], ['card', () => card(true)]];
for (const [kind, make] of WRONG) {
  for (const lang of LANGS) {
    for (let i = 0; i < 5; i++) add(lang, pick(T[kind][lang]).replace('{x}', make()), [], `wrong check digit (${kind})`);
  }
}

// Hard negatives: dates, amounts, case and application numbers, times, ordinary numbers.
const date = () => {
  const { y, m, d } = birth();
  return pick([`${pad(d)}.${pad(m)}.${y}`, `${y}-${pad(m)}-${pad(d)}`, `${pad(d)}/${pad(m)}/${y}`, `${d}.${m}.${y}`]);
};
const amount = () => pick([`${int(1, 99)} ${pad(int(0, 999), 3)},${pad(int(0, 99))} €`, `${int(100, 99999)} EUR`, `${int(1, 9)} ${pad(int(0, 999), 3)} ${pad(int(0, 999), 3)} kr`, `${int(1000, 9999999)} eurot`, `${int(100, 999)} SEK`, `${int(1000, 99999)} руб.`, `€${int(10, 9999)}.${pad(int(0, 99))}`]);
const caseNumber = () => pick([`${int(1, 4)}-${int(15, 25)}-${int(1000, 99999)}`, `${int(2018, 2026)}/${int(1000, 999999)}`, `${int(2018, 2026)}-${pad(int(1, 999999), 6)}`, `7.${int(1, 9)}-${int(1, 9)}/${int(1000, 99999)}`, `${int(10000000, 99999999)}`, `${int(100000, 999999)}`, `A-${int(1000000, 9999999)}`]);
const NEGATIVE: Record<Lang, Array<(x: () => string) => string>> = {
  et: [() => `Avaldus esitati ${date()} ja summa oli ${amount()}.`, () => `Minu asja number on ${caseNumber()}, mis seis on?`, () => `Taotluse nr ${caseNumber()} esitasin ${date()}.`, () => `Toetus oli ${amount()} kuus, kohtumine kell ${int(8, 17)}:${pad(int(0, 59))}.`, () => `Palun tee ${int(2, 9)} koopiat ja saada postiindeksile ${int(10000, 99999)}.`, () => `Sain trahvi ${amount()}, otsus nr ${caseNumber()}.`],
  en: [() => `I applied on ${date()} and the amount was ${amount()}.`, () => `My case number is ${caseNumber()}, what is the status?`, () => `Application no. ${caseNumber()} was filed on ${date()}.`, () => `The benefit was ${amount()} a month; the meeting is at ${int(8, 17)}:${pad(int(0, 59))}.`, () => `I paid ${amount()} on ${date()} for ${int(2, 9)} documents.`, () => `Reference ${caseNumber()}, invoice of ${amount()}.`],
  ru: [() => `Заявление подано ${date()}, сумма ${amount()}.`, () => `Номер моего дела ${caseNumber()}, какой статус?`, () => `Заявка № ${caseNumber()} от ${date()}.`, () => `Пособие ${amount()} в месяц, встреча в ${int(8, 17)}:${pad(int(0, 59))}.`, () => `Штраф ${amount()}, решение № ${caseNumber()}.`, () => `Я заплатил ${amount()} ${date()} за ${int(2, 9)} документа.`],
  sv: [() => `Jag ansökte ${date()} och beloppet var ${amount()}.`, () => `Mitt ärendenummer är ${caseNumber()}, hur går det?`, () => `Ansökan nr ${caseNumber()} skickades ${date()}.`, () => `Bidraget var ${amount()} i månaden, mötet är kl ${int(8, 17)}:${pad(int(0, 59))}.`, () => `Diarienummer ${caseNumber()}, faktura på ${amount()}.`, () => `Jag betalade ${amount()} den ${date()}.`],
};
for (const lang of LANGS) {
  for (let i = 0; i < 30; i++) add(lang, pick(NEGATIVE[lang])(() => ''), [], 'dates, amounts, case and application numbers');
}

writeFileSync(new URL('../tests/fixtures/pii-cases.jsonl', import.meta.url), `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
console.log(`${cases.length} cases (${cases.filter((c) => c.pii.length).length} with personal data, ${cases.filter((c) => !c.pii.length).length} hard negatives)`);
