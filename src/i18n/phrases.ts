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
  queuePosition: {
    en: 'You are number {n} in the queue.',
    et: 'Olete järjekorras {n}.',
    ru: 'Вы {n}-й в очереди.',
    sv: 'Du är nummer {n} i kön.',
  },
  operatorJoined: {
    en: '{name} from {agency} has joined the conversation.',
    et: '{name} asutusest {agency} liitus vestlusega.',
    ru: '{name} из ведомства «{agency}» присоединился к разговору.',
    sv: '{name} från {agency} har anslutit till samtalet.',
  },
  transferredToAgency: {
    en: 'Your conversation has been passed to {agency}. Please wait for a person there.',
    et: 'Teie vestlus anti üle asutusele {agency}. Palun oodake sealset inimest.',
    ru: 'Ваш разговор передан в ведомство «{agency}». Пожалуйста, дождитесь сотрудника.',
    sv: 'Ditt samtal har skickats vidare till {agency}. Vänta på en person där.',
  },
  operatorLeft: {
    en: 'The person you were talking to has been disconnected. You are first in the queue again.',
    et: 'Teiega rääkinud inimese ühendus katkes. Olete taas järjekorras esimene.',
    ru: 'Сотрудник, с которым вы говорили, отключился. Вы снова первый в очереди.',
    sv: 'Personen du pratade med har kopplats bort. Du är först i kön igen.',
  },
  backToBot: {
    en: 'You are talking to the virtual assistant again. Ask me anything.',
    et: 'Räägite jälle virtuaalassistendiga. Küsige julgelt.',
    ru: 'Вы снова общаетесь с виртуальным помощником. Спрашивайте.',
    sv: 'Du pratar med den virtuella assistenten igen. Fråga gärna.',
  },
  outsideHours: {
    en: 'The customer service of {agency} is closed right now. Leave your name, e-mail or phone and your question, and they will contact you.',
    et: 'Asutuse {agency} klienditeenindus on praegu suletud. Jätke oma nimi, e-post või telefon ja küsimus, ja teiega võetakse ühendust.',
    ru: 'Служба поддержки ведомства «{agency}» сейчас закрыта. Оставьте имя, e-mail или телефон и вопрос — с вами свяжутся.',
    sv: 'Kundtjänsten hos {agency} är stängd just nu. Lämna namn, e-post eller telefon och din fråga, så kontaktar de dig.',
  },
  contactReceived: {
    en: 'Thank you. {agency} has your request and will contact you.',
    et: 'Aitäh. {agency} sai teie pöördumise ja võtab teiega ühendust.',
    ru: 'Спасибо. «{agency}» получил ваш запрос и свяжется с вами.',
    sv: 'Tack. {agency} har fått din förfrågan och kontaktar dig.',
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
  formCancelled: {
    en: 'Okay, I have stopped those questions and forgotten your answers to them. You can ask about something else.',
    et: 'Selge, lõpetasin need küsimused ja unustasin teie vastused neile. Võite küsida millegi muu kohta.',
    ru: 'Хорошо, я прекратил эти вопросы и забыл ваши ответы на них. Можете спросить о чём-нибудь другом.',
    sv: 'Okej, jag har avbrutit de frågorna och glömt dina svar på dem. Du kan fråga om något annat.',
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
