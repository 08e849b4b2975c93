import type { Choice, Language } from '../../src/protocol/index.js';

/**
 * Illustrative figures for the parental benefit example (2025 order of magnitude: ceiling = three times
 * the average wage of the year before last, floor = the minimum wage). Replies always say to check the
 * Board's site for the current amounts.
 */
export const EXAMPLE_CEILING = 5496;
export const EXAMPLE_FLOOR = 886;

export type Bound = 'ceiling' | 'floor' | undefined;

interface Texts {
  askIncome: string;
  reaskIncome: string;
  askBorn: string;
  reaskBorn: string;
  bornChoices: Choice[];
  estimate: (income: string, benefit: string, bound: Bound, ceiling: string, floor: string) => string;
  born: string;
  notBorn: string;
  check: string;
  handoff: string;
}

const LOCALES: Record<Language, string> = { en: 'en-GB', et: 'et-EE', ru: 'ru-RU', sv: 'sv-SE' };

export function euros(amount: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}

export const TEXTS: Record<Language, Texts> = {
  en: {
    askIncome: 'The parental benefit is based on your average monthly gross income (roughly last calendar year). About how much was it? For example: 2100.',
    reaskIncome: 'Sorry, I did not catch an amount. Please write your average monthly gross income in euros as a number, for example "1800".',
    askBorn: 'Thank you. Has your child already been born?',
    reaskBorn: 'Please answer yes or no: has the child been born?',
    bornChoices: [{ label: 'Yes', value: 'Yes, the child is born' }, { label: 'Not yet', value: 'Not yet' }],
    estimate: (income, benefit, bound, ceiling, floor) =>
      `With an average monthly gross income of ${income}, the parental benefit would be about ${benefit} a month before income tax: 100% of your average income` +
      (bound === 'ceiling' ? `, but capped at the ceiling (about ${ceiling} in this example).` : bound === 'floor' ? `, raised to the minimum rate (about ${floor} in this example).` : ` (this example uses a ceiling of about ${ceiling} and a minimum of ${floor}).`),
    born: 'As your child is born, confirm the family benefits proposal in the self-service portal or apply for parental benefit there.',
    notBorn: 'Parental benefit is applied for after the birth; before it, the mother receives the maternity benefit.',
    check: 'These are illustrative figures: check https://www.sotsiaalkindlustusamet.ee and its calculator for the current amounts.',
    handoff: 'How pensions are taxed is a question for the Tax and Customs Board. Their bot will take over now.',
  },
  et: {
    askIncome: 'Vanemahüvitis põhineb sinu keskmisel brutokuutulul (ligikaudu eelmise kalendriaasta oma). Umbes kui suur see oli? Näiteks: 2100.',
    reaskIncome: 'Vabandust, ma ei leidnud summat. Palun kirjuta oma keskmine brutokuutulu eurodes numbrina, näiteks "1800".',
    askBorn: 'Aitäh. Kas laps on juba sündinud?',
    reaskBorn: 'Palun vasta jah või ei: kas laps on sündinud?',
    bornChoices: [{ label: 'Jah', value: 'Jah, laps on sündinud' }, { label: 'Veel mitte', value: 'Veel mitte' }],
    estimate: (income, benefit, bound, ceiling, floor) =>
      `Kui sinu keskmine brutokuutulu oli ${income}, oleks vanemahüvitis umbes ${benefit} kuus enne tulumaksu: 100% sinu keskmisest tulust` +
      (bound === 'ceiling' ? `, kuid piiratud ülemmääraga (selles näites umbes ${ceiling}).` : bound === 'floor' ? `, tõstetud miinimummäärani (selles näites umbes ${floor}).` : ` (näites on ülemmäär umbes ${ceiling} ja miinimum ${floor}).`),
    born: 'Kuna laps on sündinud, kinnita iseteeninduses peretoetuste ettepanek või taotle vanemahüvitist seal.',
    notBorn: 'Vanemahüvitist taotletakse pärast lapse sündi; enne seda saab ema sünnitushüvitist.',
    check: 'Need on näitlikud arvud: kehtivad summad leiad https://www.sotsiaalkindlustusamet.ee ja sealsest kalkulaatorist.',
    handoff: 'Pensioni maksustamine on Maksu- ja Tolliameti teema. Vestluse võtab nüüd üle nende vestlusrobot.',
  },
  ru: {
    askIncome: 'Родительская компенсация рассчитывается из вашего среднего месячного дохода брутто (примерно за прошлый календарный год). Какой он был примерно? Например: 2100.',
    reaskIncome: 'Извините, я не нашёл сумму. Напишите средний месячный доход брутто в евро числом, например «1800».',
    askBorn: 'Спасибо. Ребёнок уже родился?',
    reaskBorn: 'Ответьте, пожалуйста, да или нет: ребёнок родился?',
    bornChoices: [{ label: 'Да', value: 'Да, ребёнок родился' }, { label: 'Ещё нет', value: 'Ещё нет' }],
    estimate: (income, benefit, bound, ceiling, floor) =>
      `При среднем месячном доходе брутто ${income} родительская компенсация составила бы около ${benefit} в месяц до подоходного налога: 100% среднего дохода` +
      (bound === 'ceiling' ? `, но не больше верхнего предела (в этом примере около ${ceiling}).` : bound === 'floor' ? `, но не меньше минимальной ставки (в этом примере около ${floor}).` : ` (в примере верхний предел около ${ceiling}, минимум ${floor}).`),
    born: 'Раз ребёнок родился, подтвердите предложение о семейных пособиях на портале самообслуживания или подайте там заявление.',
    notBorn: 'Родительскую компенсацию оформляют после рождения ребёнка; до этого мать получает пособие по родам.',
    check: 'Это примерные цифры: актуальные суммы и калькулятор на https://www.sotsiaalkindlustusamet.ee.',
    handoff: 'Налогообложение пенсий — вопрос Налогово-таможенного департамента. Сейчас разговор продолжит их бот.',
  },
  sv: {
    askIncome: 'Föräldrapenningen baseras på din genomsnittliga bruttoinkomst per månad (ungefär förra kalenderåret). Ungefär hur stor var den? Till exempel: 2100.',
    reaskIncome: 'Förlåt, jag hittade inget belopp. Skriv din genomsnittliga bruttoinkomst per månad i euro som en siffra, till exempel "1800".',
    askBorn: 'Tack. Har barnet redan fötts?',
    reaskBorn: 'Svara ja eller nej: har barnet fötts?',
    bornChoices: [{ label: 'Ja', value: 'Ja, barnet är fött' }, { label: 'Inte än', value: 'Inte än' }],
    estimate: (income, benefit, bound, ceiling, floor) =>
      `Med en genomsnittlig bruttoinkomst på ${income} i månaden blir föräldrapenningen ungefär ${benefit} i månaden före skatt: 100 % av din genomsnittsinkomst` +
      (bound === 'ceiling' ? `, men högst taket (cirka ${ceiling} i det här exemplet).` : bound === 'floor' ? `, höjd till lägstanivån (cirka ${floor} i det här exemplet).` : ` (exemplet använder ett tak på cirka ${ceiling} och en lägstanivå på ${floor}).`),
    born: 'Eftersom barnet är fött, bekräfta förslaget om familjeförmåner i självbetjäningsportalen eller ansök om föräldrapenning där.',
    notBorn: 'Föräldrapenning söks efter födseln; före den får mamman graviditetspenning.',
    check: 'Siffrorna är exempel: aktuella belopp och kalkylator finns på https://www.sotsiaalkindlustusamet.ee.',
    handoff: 'Hur pensioner beskattas är en fråga för Skatte- och tullverket. Deras bot tar nu över.',
  },
};
