/**
 * @module agencies/police/handler
 * Police and Border Guard Board bot: pack answers, plus
 * - `document_status`: a two-turn form that asks for the application number, then explains where the citizen can
 *   check the status. The bot never sees real application data and must not pretend to: it only points to the
 *   self-service portal. While the form waits, `context.form` (the protocol's FORM_KEY; not `request.intent`,
 *   which the model may get wrong for a bare "A1234567") decides what the next turn means. A whole other
 *   question is `notAnAnswer` (the router routes it elsewhere); a short unreadable reply is re-asked at most
 *   twice, then the citizen gets the pack answer and a person.
 * - handoffs: customs allowances to `tax`; moving abroad with a pension question to `social`.
 */
import { MAX_REPROMPTS, defineHandler, isAnswerAttempt, personChoice, type HandlerTools } from '../../src/agencies/index.js';
import { FORM_KEY, withoutForm, type BotContext, type BotRequest, type BotResponse, type Language } from '../../src/protocol/index.js';

export const AWAITING_APPLICATION_NUMBER = 'await_application_number';
const SELF_SERVICE = 'https://iseteenindus.politsei.ee';

type Texts = Record<Language, string>;

const ASK: Texts = {
  en: 'What is your application number? It is on your receipt, e.g. A1234567.',
  et: 'Mis on sinu taotluse number? See on kirjas taotluse kviitungil, näiteks A1234567.',
  ru: 'Какой номер вашего заявления? Он указан на квитанции, например A1234567.',
  sv: 'Vilket är ditt ansökningsnummer? Det står på ditt kvitto, till exempel A1234567.',
};

const ASK_AGAIN: Texts = {
  en: 'I could not find an application number in that. It is one letter followed by 7 digits, e.g. A1234567. What is yours?',
  et: 'Ma ei leidnud sellest taotluse numbrit. Number koosneb ühest tähest ja 7 numbrist, näiteks A1234567. Mis on sinu number?',
  ru: 'Я не нашёл в сообщении номер заявления. Он состоит из одной буквы и 7 цифр, например A1234567. Какой у вас номер?',
  sv: 'Jag hittade inget ansökningsnummer i det. Det består av en bokstav och 7 siffror, till exempel A1234567. Vilket är ditt?',
};

const STATUS_WHERE: Record<Language, (number: string) => string> = {
  en: (n) =>
    `Thank you. I cannot see personal data or the status of application ${n} in this chat. You can check it yourself in the self-service portal ${SELF_SERVICE}: log in with your ID card, Mobile-ID or Smart-ID and open your applications. You will also get an e-mail or SMS when the document is ready to collect.`,
  et: (n) =>
    `Aitäh. Selles vestluses ei näe ma isikuandmeid ega taotluse ${n} seisu. Seisu saad ise vaadata iseteeninduses ${SELF_SERVICE}: logi sisse ID-kaardi, Mobiil-ID või Smart-ID-ga ja ava oma taotlused. Kui dokument on kättesaamiseks valmis, saad ka e-kirja või SMS-i.`,
  ru: (n) =>
    `Спасибо. В этом чате я не вижу персональных данных и статуса заявления ${n}. Проверить его можно самостоятельно на портале самообслуживания ${SELF_SERVICE}: войдите с ID-картой, Mobiil-ID или Smart-ID и откройте свои заявления. Когда документ будет готов к выдаче, придёт письмо или SMS.`,
  sv: (n) =>
    `Tack. I den här chatten kan jag inte se personuppgifter eller status för ansökan ${n}. Du kan själv kontrollera den i självbetjäningen ${SELF_SERVICE}: logga in med ID-kort, Mobiil-ID eller Smart-ID och öppna dina ansökningar. Du får också e-post eller sms när dokumentet är klart att hämta.`,
};

const TO_TAX_CUSTOMS: Texts = {
  en: 'What you may bring across the border is a customs question, so I am passing you to the Tax and Customs Board.',
  et: 'See, mida võib üle piiri tuua, on tolliküsimus, seega suunan sind Maksu- ja Tolliameti juurde.',
  ru: 'Что можно провозить через границу, решает таможня, поэтому я передаю вас Налогово-таможенному департаменту.',
  sv: 'Vad du får föra över gränsen är en tullfråga, så jag skickar dig vidare till Skatte- och tullverket.',
};

const TO_SOCIAL_PENSION: Texts = {
  en: 'Your ID card and passport stay valid abroad and can be renewed through an Estonian embassy. For your pension abroad I am passing you to the Social Insurance Board.',
  et: 'Sinu ID-kaart ja pass kehtivad ka välismaal ning neid saab uuendada Eesti saatkonna kaudu. Pensioni kohta välismaal suunan sind Sotsiaalkindlustusameti juurde.',
  ru: 'Ваши ID-карта и паспорт действительны и за границей, продлить их можно через посольство Эстонии. По вопросу пенсии за границей я передаю вас Департаменту социального страхования.',
  sv: 'Ditt ID-kort och pass gäller även utomlands och kan förnyas via en estnisk ambassad. För din pension utomlands skickar jag dig vidare till Socialförsäkringsverket.',
};

const BANK_CARD: Texts = {
  en: 'If you lost a bank card, block it at once through your bank\'s app or phone line: the police cannot block bank cards.',
  et: 'Kui kadus pangakaart, sulge see kohe oma panga äpis või telefoni teel: politsei pangakaarte sulgeda ei saa.',
  ru: 'Если потеряна банковская карта, сразу заблокируйте её через приложение или телефон банка: полиция банковские карты не блокирует.',
  sv: 'Om du har tappat ett bankkort, spärra det direkt i bankens app eller på telefon: polisen kan inte spärra bankkort.',
};

// Cyrillic letters that look like Latin ones: a Russian keyboard layout types "А1234567" with a Cyrillic А.
const HOMOGLYPHS: Record<string, string> = { А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X' };
const APPLICATION_NUMBER = /(?<![\p{L}\d])([a-z])[\s-]*((?:\d\s*){6}\d)(?!\d)/iu;

/** One letter and 7 digits, case-insensitive, spaces allowed ("a 123 4567"), normalised to "A1234567". */
export function parseApplicationNumber(text: string): string | undefined {
  const latin = text.replace(/[АВЕКМНОРСТХ](?=[\s-]*\d)/giu, (c) => HOMOGLYPHS[c.toUpperCase()] ?? c);
  const match = APPLICATION_NUMBER.exec(latin);
  return match ? `${match[1].toUpperCase()}${match[2].replace(/\s/g, '')}` : undefined;
}

const PENSION = /pension|пенси/iu;
/** Words about the number asked for, in et/en/ru/sv: "I can't find the number on my receipt" is a try at answering. */
const NUMBER_TOPIC = /number|receipt|application|taotlus|numbr|kviitung|номер|заявлени|квитанц|nummer|ansökan|kvitto/iu;
const BANK_CARD_MENTION = /bank\s*card|debit\s*card|credit\s*card|pangakaar|krediitkaar|deebetkaar|bankkort|kreditkort|банковск\w*\s+карт|кредитн\w*\s+карт/iu;

/** The open form's state under `context.form`, or undefined when no question is open. */
function openForm(context: BotContext): { step: string; attempts: number } | undefined {
  const form = context[FORM_KEY] as { step?: unknown; attempts?: unknown } | undefined;
  if (form?.step !== AWAITING_APPLICATION_NUMBER) return undefined;
  return { step: form.step, attempts: typeof form.attempts === 'number' ? form.attempts : 0 };
}

function answerStatus(request: BotRequest, number: string): BotResponse {
  return {
    replies: [{ text: STATUS_WHERE[request.language](number) }],
    context: { ...withoutForm(request.context), applicationNumber: number },
  };
}

function startStatus(request: BotRequest): BotResponse {
  const known = request.context.applicationNumber;
  const number = parseApplicationNumber(request.text) ?? (typeof known === 'string' ? known : undefined);
  if (number) return answerStatus(request, number);
  return {
    replies: [{ text: ASK[request.language] }],
    context: { ...request.context, [FORM_KEY]: { step: AWAITING_APPLICATION_NUMBER, attempts: 0 } },
  };
}

function continueStatus(request: BotRequest, form: { step: string; attempts: number }, tools: HandlerTools): BotResponse {
  const number = parseApplicationNumber(request.text);
  if (number) return answerStatus(request, number);
  // Another of our intents, confidently, or a whole sentence without a number: not an answer to "what is your number?".
  const otherIntent = request.intent !== undefined && request.intent !== 'document_status';
  if (otherIntent || !isAnswerAttempt(request.text, NUMBER_TOPIC)) return { replies: [], notAnAnswer: true };
  if (form.attempts < MAX_REPROMPTS) {
    return { replies: [{ text: ASK_AGAIN[request.language] }], context: { ...request.context, [FORM_KEY]: { ...form, attempts: form.attempts + 1 } } };
  }
  const pack = tools.answer('document_status', request.language);
  return { ...pack, choices: [...(pack.choices ?? []), personChoice(request.language)].slice(0, 10), context: withoutForm(request.context) };
}

function handOffCustoms(request: BotRequest): BotResponse {
  return {
    replies: [{ text: TO_TAX_CUSTOMS[request.language] }],
    handoff: {
      to: 'agency',
      agency: 'tax',
      reason: 'customs allowances at the border belong to the Tax and Customs Board',
      context: { intent: 'customs_allowances_travel', from: 'police/customs_at_border' },
    },
  };
}

function handOffPension(request: BotRequest): BotResponse {
  return {
    replies: [{ text: TO_SOCIAL_PENSION[request.language] }],
    handoff: {
      to: 'agency',
      agency: 'social',
      reason: 'pension abroad belongs to the Social Insurance Board',
      context: { intent: 'pension_abroad', from: 'police/moving_abroad_documents' },
    },
  };
}

/** The intent to answer: the router's, else the one another agency named when it handed the citizen over. */
function intentOf(request: BotRequest): string | undefined {
  const passed = request.handoffFrom?.context.intent;
  return request.intent ?? (typeof passed === 'string' ? passed : undefined);
}

export default defineHandler((request, tools) => {
  const form = openForm(request.context);
  if (form) return continueStatus(request, form, tools);
  const intent = intentOf(request);
  switch (intent) {
    case 'document_status':
      return startStatus(request);
    case 'customs_at_border':
      return handOffCustoms(request);
    case 'moving_abroad_documents':
      if (PENSION.test(request.text)) return handOffPension(request);
      break;
    case 'lost_document':
      if (BANK_CARD_MENTION.test(request.text)) {
        const pack = tools.answer(intent, request.language);
        return { ...pack, replies: [{ text: BANK_CARD[request.language] }, ...pack.replies].slice(0, 10) };
      }
      break;
  }
  return tools.answer(intent, request.language);
});
