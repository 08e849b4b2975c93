import type { EmbedConfig, Language } from '../../src/protocol/index.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import type { LoggedEvent } from './session.js';

/**
 * Which agency is speaking (issue 19 item 5). The widget sits on one agency's site, but the router may hand the
 * citizen to another agency's bot: every bot message names and colours its agency, the header says who answers
 * now "via" the home agency, and a change of agency is announced in a live region. Names and colours come from
 * `EmbedConfig.agencies`, built by the server from the manifests (no second request).
 *
 * Kept apart from the rest of the frame on purpose: who is speaking as a bot or as a person (operators) is
 * another concern, with its own module.
 */
export interface AgencyLabel {
  id: string;
  name: string;
  color: string;
}

/** The agency's name in `language` (else any of its names) and colour; undefined for an unknown id. */
export function agencyLabel(config: EmbedConfig, id: string | undefined, language: Language): AgencyLabel | undefined {
  if (!id) return undefined;
  const agency = (config.agencies ?? []).find((candidate) => candidate.id === id) ?? (id === config.id ? { id, name: config.name, color: config.theme.color } : undefined);
  if (!agency) return undefined;
  return { id, name: agency.name[language] ?? Object.values(agency.name)[0] ?? id, color: agency.color };
}

/** The agency answering now: the latest bot or system message that names one, else the home agency. */
export function answeringAgency(events: readonly LoggedEvent[], home: string): string {
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index];
    if (event.type === 'message' && (event.from === 'bot' || event.from === 'system') && event.agency) return event.agency;
  }
  return home;
}

/** The header: the agency answering now as the title, and "via <home agency>" under it when they differ. */
export function renderSpeakerHeading(title: HTMLElement, subtitle: HTMLElement, config: EmbedConfig, language: Language, homeTitle: string, answering: string): void {
  const speaker = answering === config.id ? undefined : agencyLabel(config, answering, language);
  const home = agencyLabel(config, config.id, language)?.name ?? homeTitle;
  const heading = speaker ? speaker.name : homeTitle;
  const sub = speaker ? t(language, 'via', { name: home }) : t(language, 'subtitle');
  if (title.textContent !== heading) title.textContent = heading;
  if (subtitle.textContent !== sub) subtitle.textContent = sub;
}

/** The visible agency label of a bot message and its colour (a CSS variable on the bubble, set through the CSSOM). */
export function markSpeaker(node: HTMLElement, label: AgencyLabel | undefined): void {
  node.classList.toggle('swb-msg--agency', !!label);
  if (label) node.style.setProperty('--swb-agency', label.color);
  else node.style.removeProperty('--swb-agency');
}

/**
 * Announces "<agency> is answering now" in its own polite live region when the agency answering changes. The
 * first call only sets the starting point: a reloaded conversation is not re-announced.
 */
export class SpeakerAnnouncer {
  readonly region: HTMLParagraphElement = el('p', { class: 'sr-only', role: 'status', id: 'swb-speaker' });
  private current?: string;

  update(config: EmbedConfig, language: Language, answering: string): void {
    const previous = this.current;
    this.current = answering;
    if (previous === undefined || previous === answering) return;
    const name = agencyLabel(config, answering, language)?.name;
    if (name) this.region.textContent = t(language, 'answeringNow', { name });
  }

  reset(): void {
    this.current = undefined;
    this.region.textContent = '';
  }
}
