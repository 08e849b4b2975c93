import type { Language } from '../protocol/index.js';

/**
 * Built-in language profile: common function words and a short reference text per language, written for
 * this project (citizen-service register). The character n-gram profile is trained from the text at start-up.
 * Never put pack examples here: docs/NLU.md measures detection on pack examples as held-out data.
 */
export const STOP_WORDS: Record<Language, string> = {
  en: `the a an and or but is are was were be been am i you he she it we they my your our their me him her us them
    this that these those what which who whom whose when where why how can could would should will shall may might
    must do does did done have has had not no yes to of in on at for from with by about as if then than there here
    please hello hi thanks thank get got need want help know tell find lost renew apply pay paid much many some any`,
  et: `ja ning ei ega on oli olen oled oleme olete olin ma mina sa sina ta tema me meie te teie nad nemad minu sinu
    tema meie mu su see seda selle need neid mis mida mille kes keda kus kuhu kust kuidas miks millal kas kui et
    aga või siis veel juba ka ainult väga palju vaja saan saab saaks tahan tahaksin soovin soovi tere aitäh tänan
    palun jah mul sul tal meil teil neil kus kuidas mind sind teda end enda oma ole pole pean peab tuleb võib
    võiks kohta jaoks järgi pärast enne üle alla läbi ilma koos seal siin nüüd täna homme eile`,
  ru: `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
    меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
    ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто
    здравствуйте привет спасибо пожалуйста помогите можно нужно хочу как где когда мой моя мои`,
  sv: `och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man
    när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hur vad
    mycket två här dem honom då sedan över bara alla in hade blir blev mig dig du ni jag min mitt mina din ditt
    era vår vårt hej tack snälla hjälp behöver vill kan jag var hur när varför vilken vilket`,
};

export const REFERENCE_TEXT: Record<Language, string> = {
  en: `How do I renew my passport and how long does it take? I lost my ID card yesterday, what should I do now?
    When is the deadline for the income tax return this year? Can I pay my taxes in instalments? I would like to
    talk to a person, please. My child benefit has not arrived this month. Where can I report a theft or a
    stolen bike? Thank you very much for the help. Is there a fee for the new driving licence? Good morning,
    I have a question about my pension and the unemployment allowance. The office is closed on the weekend.`,
  et: `Kuidas ma saan oma passi uuendada ja kui kaua see aega võtab? Kaotasin eile oma isikutunnistuse, mida ma
    nüüd tegema pean? Millal on tuludeklaratsiooni esitamise tähtaeg sel aastal? Kas ma saan makse tasuda osade
    kaupa? Sooviksin rääkida inimesega, palun. Lapsetoetus ei ole sel kuul laekunud. Kus ma saan teatada
    vargusest või varastatud jalgrattast? Suur aitäh abi eest. Kas uue juhiloa eest tuleb maksta riigilõivu?
    Tere hommikust, mul on küsimus pensioni ja töötutoetuse kohta. Büroo on nädalavahetusel suletud. Õues sajab.`,
  ru: `Как мне продлить паспорт и сколько времени это займёт? Я вчера потерял удостоверение личности, что мне
    теперь делать? Когда крайний срок подачи декларации о доходах в этом году? Можно ли платить налоги частями?
    Я хотел бы поговорить с человеком, пожалуйста. Пособие на ребёнка в этом месяце не пришло. Где можно
    сообщить о краже или украденном велосипеде? Большое спасибо за помощь. Нужно ли платить пошлину за новые
    водительские права? Доброе утро, у меня вопрос о пенсии и пособии по безработице.`,
  sv: `Hur förnyar jag mitt pass och hur lång tid tar det? Jag tappade mitt id-kort i går, vad ska jag göra nu?
    När är sista dagen för inkomstdeklarationen i år? Kan jag betala skatten i delbetalningar? Jag skulle vilja
    prata med en människa, tack. Barnbidraget har inte kommit den här månaden. Var kan jag anmäla en stöld eller
    en stulen cykel? Tack så mycket för hjälpen. Finns det en avgift för det nya körkortet? God morgon, jag har
    en fråga om min pension och arbetslöshetsersättningen. Kontoret är stängt på helgen. Skatteverket svarar.`,
};
