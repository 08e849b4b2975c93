import type { Language } from '../protocol/index.js';

/**
 * What Switchboard itself says (not agency packs), in every UI language. `{x}` placeholders are filled by
 * `phrase()`. Keep these short and plain: they are read by people who could not get an answer.
 */
const PHRASES = {
  notUnderstood: {
    en: "I'm sorry, I didn't understand that. Could you put it another way?",
    et: 'Vabandust, ma ei saanud sellest aru. Kas saaksite seda teisiti sõnastada?',
    ru: 'Извините, я не понял. Не могли бы вы сформулировать иначе?',
    sv: 'Förlåt, jag förstod inte det. Kan du formulera det på ett annat sätt?',
  },
  fallback: {
    en: "I'm sorry, I can't answer that. I can help with taxes and customs, identity documents and social benefits. You can rephrase your question or talk to a person.",
    et: 'Vabandust, sellele ma vastata ei oska. Aitan maksude ja tolli, isikut tõendavate dokumentide ning sotsiaaltoetuste küsimustes. Võite küsimuse ümber sõnastada või rääkida inimesega.',
    ru: 'Извините, на это я ответить не могу. Я помогаю с налогами и таможней, документами и социальными пособиями. Переформулируйте вопрос или поговорите с сотрудником.',
    sv: 'Tyvärr kan jag inte svara på det. Jag hjälper till med skatt och tull, id-handlingar och sociala förmåner. Formulera om frågan eller prata med en person.',
  },
  clarify: {
    en: 'Your question could concern more than one agency. Which do you mean?',
    et: 'Teie küsimus võib puudutada mitut asutust. Millist neist mõtlete?',
    ru: 'Ваш вопрос может касаться нескольких ведомств. Что вы имеете в виду?',
    sv: 'Din fråga kan gälla flera myndigheter. Vilken menar du?',
  },
  suggest: {
    en: 'I am not sure I understood. Did you mean one of these?',
    et: 'Ma ei ole kindel, kas sain õigesti aru. Kas mõtlesite mõnda neist?',
    ru: 'Я не уверен, что правильно понял. Вы имели в виду что-то из этого?',
    sv: 'Jag är inte säker på att jag förstod. Menade du något av det här?',
  },
  somethingElse: {
    en: 'Something else',
    et: 'Midagi muud',
    ru: 'Другое',
    sv: 'Något annat',
  },
  talkToPerson: {
    en: 'Talk to a person',
    et: 'Räägi inimesega',
    ru: 'Поговорить с человеком',
    sv: 'Prata med en person',
  },
  waitingForHuman: {
    en: 'I have asked a person from {agency} to join. Please wait; your messages will be shown to them.',
    et: 'Palusin asutusest {agency} inimesel vestlusega liituda. Palun oodake; teie sõnumid jõuavad temani.',
    ru: 'Я попросил сотрудника ведомства «{agency}» подключиться. Пожалуйста, подождите; он увидит ваши сообщения.',
    sv: 'Jag har bett en person från {agency} att ansluta. Vänta, dina meddelanden visas för hen.',
  },
  agencyUnavailable: {
    en: '{agency} is not answering right now. Please try again in a moment, or talk to a person.',
    et: '{agency} ei vasta praegu. Palun proovige hetke pärast uuesti või rääkige inimesega.',
    ru: '«{agency}» сейчас не отвечает. Попробуйте чуть позже или поговорите с сотрудником.',
    sv: '{agency} svarar inte just nu. Försök igen om en stund eller prata med en person.',
  },
  handedOver: {
    en: '{agency} will continue from here.',
    et: 'Edasi jätkab {agency}.',
    ru: 'Дальше продолжит «{agency}».',
    sv: '{agency} tar över härifrån.',
  },
  welcome: {
    en: 'Hello! I am the virtual assistant of {agency}. Ask me about public services; I will pass your question to the right agency.',
    et: 'Tere! Olen asutuse {agency} virtuaalassistent. Küsige avalike teenuste kohta; suunan küsimuse õigele asutusele.',
    ru: 'Здравствуйте! Я виртуальный помощник ведомства «{agency}». Спросите об услугах государства — я передам вопрос нужному ведомству.',
    sv: 'Hej! Jag är den virtuella assistenten för {agency}. Fråga om offentliga tjänster, så skickar jag frågan till rätt myndighet.',
  },
  conversationEnded: {
    en: 'The conversation has ended. Thank you!',
    et: 'Vestlus on lõppenud. Aitäh!',
    ru: 'Разговор завершён. Спасибо!',
    sv: 'Samtalet är avslutat. Tack!',
  },
  thanksForRating: {
    en: 'Thank you for your feedback.',
    et: 'Aitäh tagasiside eest.',
    ru: 'Спасибо за отзыв.',
    sv: 'Tack för din återkoppling.',
  },
  publicServices: {
    en: 'the public services',
    et: 'avalikud teenused',
    ru: 'государственные услуги',
    sv: 'de offentliga tjänsterna',
  },
} satisfies Record<string, Record<Language, string>>;

export type PhraseKey = keyof typeof PHRASES;

export function phrase(key: PhraseKey, language: Language, values: Record<string, string> = {}): string {
  return PHRASES[key][language].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}
