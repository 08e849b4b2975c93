import { z } from 'zod';
import { AgencyId, Choice, IntentName, Language } from './common.js';
import { AgencyOperatorsConfig } from './operator-config.js';

import { LocalizedText } from './localized.js';
export { LocalizedText } from './localized.js';

/**
 * A bot URL: http(s) only, no credentials in it, and never a cloud metadata or link-local address (the
 * classic SSRF target, CVE-2021-3742's class). Loopback and private networks stay allowed: agencies run
 * their bots inside their own networks. Redirects are refused when calling it (`agencies/post-json.ts`).
 */
const HttpUrl = z.url({ protocol: /^https?$/ }).refine(safeBotUrl, { message: 'bot URL: no credentials, no link-local or cloud metadata address' });

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', '[fd00:ec2::254]', '0.0.0.0', '[::]']);

function safeBotUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  if (url.username || url.password) return false;
  if (METADATA_HOSTS.has(host)) return false;
  // 169.254.0.0/16 (IPv4 link-local, incl. 169.254.169.254) and fe80::/10 (IPv6 link-local).
  return !/^169\.254\./.test(host) && !/^\[fe[89ab][0-9a-f]?:/i.test(host);
}

/**
 * May this remote bot receive personal data (ID codes, phone numbers, IBANs, …) as the citizen typed it?
 * Default no: Switchboard redacts the text (`[id-code]`, `[phone]`, …) before it leaves the process. An
 * agency sets `true` only for a bot it runs itself under its own data-processing terms (docs/PRIVACY.md).
 */
const PersonalData = z.boolean().default(false);

/** How the router reaches an agency's bot. */
export const BotEndpoint = z.discriminatedUnion('type', [
  /** In-process: answers from the pack, or `handler.ts` in the agency folder. */
  z.object({ type: z.literal('local') }),
  /** A remote bot that speaks Switchboard's BotRequest/BotResponse over HTTP POST. */
  z.object({ type: z.literal('http'), url: HttpUrl, timeoutMs: z.number().int().min(100).max(30_000).default(5000), personalData: PersonalData }),
  /** An existing Rasa bot's REST channel (`/webhooks/rest/webhook`), unchanged. */
  z.object({ type: z.literal('rasa'), url: HttpUrl, timeoutMs: z.number().int().min(100).max(30_000).default(5000), personalData: PersonalData }),
]);
export type BotEndpoint = z.infer<typeof BotEndpoint>;

/** What a citizen may choose to have kept; shown before the first message. */
export const PrivacyLevel = z.enum([
  /** Transcript deleted as soon as the conversation closes. */
  'delete_on_close',
  /** Kept for the agency's retention period, then deleted. */
  'keep_for_retention',
  /** Kept for the retention period and may be used, redacted, to improve the bot. */
  'keep_and_improve',
]);
export type PrivacyLevel = z.infer<typeof PrivacyLevel>;

export const AgencyManifest = z.object({
  id: AgencyId,
  name: LocalizedText,
  description: LocalizedText,
  languages: z.array(Language).min(1),
  /** Origins allowed to embed this agency's widget frame (CSP frame-ancestors). */
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'origin: scheme://host[:port], no path')).default([]),
  theme: z
    .object({
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour: #rrggbb').default('#1f4e79'),
      logo: z.string().optional(),
      title: LocalizedText.optional(),
    })
    .default({ color: '#1f4e79' }),
  privacy: z
    .object({
      retentionDays: z.number().int().min(0).max(3650).default(30),
      /** Overrides `retentionDays` when set: for pilots and tests that need a retention of seconds. */
      retentionSeconds: z.number().int().min(1).max(315_360_000).optional(),
      levels: z.array(PrivacyLevel).min(1).default(['delete_on_close', 'keep_for_retention']),
      notice: LocalizedText.optional(),
    })
    .default({ retentionDays: 30, levels: ['delete_on_close', 'keep_for_retention'] }),
  bot: BotEndpoint.default({ type: 'local' }),
  /** Opening hours of the agency's operators and their canned answers (operator.ts). */
  operators: AgencyOperatorsConfig.default({ cannedAnswers: [] }),
});
export type AgencyManifest = z.infer<typeof AgencyManifest>;

export const Intent = z.object({
  name: IntentName,
  /** Training utterances: varied phrasings a citizen would type. */
  examples: z.array(z.string().trim().min(1).max(500)).min(1),
  /** The default bot picks one (deterministically) to answer with. */
  answers: z.array(z.string().trim().min(1).max(4000)).min(1),
  choices: z.array(Choice).max(10).optional(),
});
export type Intent = z.infer<typeof Intent>;

/** One language of one pack: `agencies/<id>/intents/<lang>.yaml` or `intents/<lang>.yaml`. */
export const IntentPack = z
  .object({
    language: Language,
    intents: z.array(Intent).min(1),
    /**
     * Utterances this pack must NOT claim. In the shared packs (`intents/`) they train the model's
     * out-of-scope class; in an agency's pack they may be other agencies' questions, so they are kept
     * for evaluating the pack, not for training.
     */
    outOfScope: z.array(z.string().trim().min(1).max(500)).default([]),
    /**
     * Words or phrases that mean the same in this language, as Rasa keeps them (`value` and its `synonyms`):
     * training adds a copy of each example that uses one of them, with the others in its place ("id card" →
     * "id-kaart", "isikutunnistus"), so a citizen's word the examples never used still counts. Optional.
     */
    synonyms: z.array(z.object({ value: z.string().trim().min(1).max(100), synonyms: z.array(z.string().trim().min(1).max(100)).min(1) })).default([]),
  })
  .superRefine((pack, ctx) => {
    const seen = new Map<string, number>();
    pack.intents.forEach((intent, index) => {
      const first = seen.get(intent.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['intents', index, 'name'],
          message: `duplicate intent name "${intent.name}" (first at intents[${first}])`,
        });
      } else seen.set(intent.name, index);
    });
  });
export type IntentPack = z.infer<typeof IntentPack>;
