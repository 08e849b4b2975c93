import { OUT_OF_SCOPE, type AgencyManifest, type IntentPack, type Language } from '../protocol/index.js';
import { expandSynonyms, type TrainingExample } from '../nlu/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { BotNetworkPolicy } from './bot-network.js';
import { HttpBot } from './http-bot.js';
import { withoutPersonalData } from './redacting-bot.js';
import { LocalBot } from './local-bot.js';
import type { LoadedAgency, LoadedPacks } from './loader.js';
import { PackAnswers } from './pack-answers.js';
import { RasaBot } from './rasa-bot.js';
import type { AgencyBot } from './types.js';

/** Owner of the shared packs (greeting, thanks, ask_human, …): the router answers these itself. */
export const SHARED_OWNER = 'shared';
/** Intent label for explicit out-of-scope examples. */

export interface RegisteredAgency {
  manifest: AgencyManifest;
  packs: Partial<Record<Language, IntentPack>>;
  answers: PackAnswers;
  bot: AgencyBot;
}

export const qualify = (owner: string, intent: string) => `${owner}/${intent}`;
export function splitIntent(qualified: string): { owner: string; intent: string } {
  const slash = qualified.indexOf('/');
  return slash < 0 ? { owner: '', intent: qualified } : { owner: qualified.slice(0, slash), intent: qualified.slice(slash + 1) };
}

/** The agencies an instance serves, and the shared packs. Replacing an agency swaps it atomically. */
export class AgencyRegistry {
  readonly #agencies = new Map<string, RegisteredAgency>();
  #shared: LoadedPacks = { packs: {} };
  #sharedAnswers = new PackAnswers({});

  constructor(
    agencies: LoadedAgency[],
    shared: LoadedPacks,
    private readonly options: { signingSecret?: (agency: string) => string; botNetwork?: BotNetworkPolicy } = {},
  ) {
    this.setShared(shared);
    for (const agency of agencies) this.upsert(agency);
  }

  upsert(loaded: LoadedAgency): void {
    if (loaded.manifest.id === SHARED_OWNER) {
      throw new SwitchboardError('SWB_ERR_PACK_INVALID', `agency id "${SHARED_OWNER}" is reserved for the shared packs`);
    }
    const answers = new PackAnswers(loaded.packs);
    this.#agencies.set(loaded.manifest.id, { manifest: loaded.manifest, packs: loaded.packs, answers, bot: createBot(loaded, answers, this.options.signingSecret?.(loaded.manifest.id), loaded.untrustedBot ? (this.options.botNetwork ?? {}) : undefined) });
  }

  setShared(shared: LoadedPacks): void {
    this.#shared = shared;
    this.#sharedAnswers = new PackAnswers(shared.packs);
  }

  get sharedAnswers(): PackAnswers {
    return this.#sharedAnswers;
  }

  get(id: string): RegisteredAgency | undefined {
    return this.#agencies.get(id);
  }

  require(id: string): RegisteredAgency {
    const agency = this.#agencies.get(id);
    if (!agency) throw new SwitchboardError('SWB_ERR_UNKNOWN_AGENCY', `no agency "${id}"`);
    return agency;
  }

  manifest(id: string): AgencyManifest | undefined {
    return this.#agencies.get(id)?.manifest;
  }

  manifests(): AgencyManifest[] {
    return [...this.#agencies.values()].map((agency) => agency.manifest);
  }

  /** The agency's name in a language, falling back to any language it has. */
  displayName(id: string, language: Language): string {
    const name = this.#agencies.get(id)?.manifest.name;
    return name?.[language] ?? name?.en ?? (name ? Object.values(name)[0] : undefined) ?? id;
  }

  /** Training data for the intent model: every pack's examples with qualified names, plus `oos` examples. */
  trainingExamples(): TrainingExample[] {
    const sources: Array<[string, Partial<Record<Language, IntentPack>>]> = [
      [SHARED_OWNER, this.#shared.packs],
      ...[...this.#agencies.values()].map((agency): [string, Partial<Record<Language, IntentPack>>] => [agency.manifest.id, agency.packs]),
    ];
    const examples: TrainingExample[] = [];
    for (const [owner, packs] of sources) {
      for (const pack of Object.values(packs)) {
        const own: TrainingExample[] = [];
        for (const intent of pack.intents) {
          for (const text of intent.examples) own.push({ text, intent: qualify(owner, intent.name), language: pack.language });
        }
        // The pack's synonyms apply to its own examples (docs/NLU.md, "Synonyms").
        examples.push(...expandSynonyms(own, pack.synonyms.map((group) => [group.value, ...group.synonyms])));
        // Only the shared packs' out-of-scope lines are out of scope for everyone. An agency's lines say
        // "not mine" and are often another agency's questions ("When is the tax return deadline?" in the
        // social pack): as global `oos` examples they would teach the model to reject the tax question.
        if (owner === SHARED_OWNER) {
          for (const text of pack.outOfScope) examples.push({ text, intent: OUT_OF_SCOPE, language: pack.language });
        }
      }
    }
    return examples;
  }

  /** A short, human label for an intent (its first example), used for clarifying choices. */
  intentLabel(qualified: string, language: Language): string | undefined {
    const { owner, intent } = splitIntent(qualified);
    const answers = owner === SHARED_OWNER ? this.#sharedAnswers : this.#agencies.get(owner)?.answers;
    return answers?.find(intent, language)?.examples[0];
  }
}

function createBot(loaded: LoadedAgency, answers: PackAnswers, signingSecret?: string, network?: BotNetworkPolicy): AgencyBot {
  const { id, bot } = { id: loaded.manifest.id, bot: loaded.manifest.bot };
  switch (bot.type) {
    case 'http':
      return withoutPersonalData(new HttpBot(id, bot.url, bot.timeoutMs, signingSecret, network), bot.personalData);
    case 'rasa':
      return withoutPersonalData(new RasaBot(id, bot.url, bot.timeoutMs, signingSecret, network), bot.personalData);
    case 'local':
      return new LocalBot(id, answers, loaded.handler);
  }
}
