import type { Language } from '../../src/protocol/index.js';
import { t } from './i18n.js';
import type { LoggedEvent } from './session.js';

/**
 * The conversation as plain text, for the "download transcript" button. Status changes become notes; each bot
 * message is headed with the agency that gave it (`agencyName`), so a police answer is never filed under the
 * home agency.
 */
export function transcriptText(title: string, language: Language, events: LoggedEvent[], agencyName: (agency: string | undefined) => string | undefined = () => undefined): string {
  const lines = [`${t(language, 'transcriptTitle')}: ${title}`, ''];
  for (const event of events) {
    const time = event.at.replace('T', ' ').slice(0, 16);
    if (event.type === 'status') {
      lines.push(`[${time}] ${t(language, 'system')}: ${t(language, event.state === 'waiting_human' ? 'state_waiting_human' : `state_${event.state}`)}`);
      continue;
    }
    const agency = event.from === 'bot' || (event.from === 'system' && event.agency) ? agencyName(event.agency) : undefined;
    const who = agency ? (event.from === 'system' ? `${t(language, 'system')} (${agency})` : agency) : event.from === 'citizen' ? t(language, 'you') : event.from === 'operator' && event.operatorName ? event.operatorName : t(language, event.from);
    lines.push(`[${time}] ${who}: ${event.text}`);
  }
  return `${lines.join('\n')}\n`;
}
