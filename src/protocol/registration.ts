import { z } from 'zod';
import { Language } from './common.js';
import { AgencyManifest, Intent, type IntentPack } from './pack.js';

/**
 * The registration API's bodies (docs/AGENCIES.md). An agency uploads its manifest and one pack per
 * language as one draft; the draft is checked more strictly than a file on disk, because it goes live
 * without anyone reading it first.
 */

/** Below this many examples per intent and language, cross-validation has nothing to hold out. */
export const MIN_DRAFT_EXAMPLES = 5;

export const DraftIntent = Intent.extend({
  examples: z.array(z.string().trim().min(1).max(500)).min(MIN_DRAFT_EXAMPLES, `expected at least ${MIN_DRAFT_EXAMPLES} items`).max(500),
  /** Required when the bot is `local` (it answers from the pack); a remote bot answers itself. */
  answers: Intent.shape.answers.optional(),
});

/** As `IntentPack.synonyms`: words that mean the same in this language (training adds the variants). */
const Synonyms = z.array(z.object({ value: z.string().trim().min(1).max(100), synonyms: z.array(z.string().trim().min(1).max(100)).min(1) })).max(500).default([]);

/** One language of a draft: as `IntentPack`, with at least five examples per intent. */
export const DraftPack = z
  .object({
    language: Language,
    intents: z.array(DraftIntent).min(1, 'expected at least 1 item').max(200),
    outOfScope: z.array(z.string().trim().min(1).max(500)).max(2000).default([]),
    synonyms: Synonyms,
  })
  .superRefine((pack, ctx) => {
    const seen = new Map<string, number>();
    pack.intents.forEach((intent, index) => {
      const first = seen.get(intent.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['intents', index, 'name'], message: `duplicate intent name "${intent.name}" (first at intents[${first}])` });
      else seen.set(intent.name, index);
    });
  });
export type DraftPack = z.infer<typeof DraftPack>;

/** A pack file of a local bot: every intent needs its answers (the bot answers from the pack). */
export const LocalDraftPack = DraftPack.superRefine((pack, ctx) => {
  pack.intents.forEach((intent, index) => {
    if (!intent.answers) ctx.addIssue({ code: 'custom', path: ['intents', index, 'answers'], message: 'expected at least 1 item (a local bot answers from the pack)' });
  });
});

/** `POST /api/registry/:agency/drafts` and `PUT …/drafts/:id`: the manifest and every language's pack. */
export const AgencyDraftBody = z
  .object({
    manifest: AgencyManifest,
    packs: z.partialRecord(Language, DraftPack),
  })
  .superRefine((draft, ctx) => {
    for (const language of draft.manifest.languages) {
      if (!draft.packs[language]) ctx.addIssue({ code: 'custom', path: ['packs', language], message: `manifest.languages lists ${language}: expected its pack` });
    }
    for (const [key, pack] of Object.entries(draft.packs)) {
      if (!pack) continue;
      if (pack.language !== key) ctx.addIssue({ code: 'custom', path: ['packs', key, 'language'], message: `pack under "${key}" declares language "${pack.language}"` });
      if (draft.manifest.bot.type !== 'local') continue;
      pack.intents.forEach((intent, index) => {
        if (!intent.answers) ctx.addIssue({ code: 'custom', path: ['packs', key, 'intents', index, 'answers'], message: 'expected at least 1 item (a local bot answers from the pack)' });
      });
    }
  });
export type AgencyDraftBody = z.infer<typeof AgencyDraftBody>;

/** What a draft or a version holds: the manifest and one `IntentPack` per language. */
export interface AgencyContent {
  manifest: AgencyManifest;
  packs: Partial<Record<Language, IntentPack>>;
}

export const PublishBody = z.object({
  /** Publish even when the network's routing accuracy drops by more than the margin. */
  force: z.boolean().default(false),
});
export const RollbackBody = z.object({ version: z.number().int().min(1) });

/** `a.b.3.c` → `a.b[3].c`: the place in the document, as a person would write it. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/** zod issues as `{path: 'packs.et.intents[3].examples', code, message}`; never the values. */
export function draftIssues(error: z.ZodError): Array<{ path: string; code: string; message: string }> {
  return error.issues.map((issue) => ({ path: issuePath(issue.path), code: issue.code, message: issue.message }));
}

/** A draft as the API shows it. */
export const DraftSummary = z.object({ id: z.string(), agency: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type DraftSummary = z.infer<typeof DraftSummary>;

/** A valid draft as stored: packs in the file format (`answers: []` for a remote bot's intents). */
export function draftContent(draft: AgencyDraftBody): AgencyContent {
  const packs: AgencyContent['packs'] = {};
  for (const [language, pack] of Object.entries(draft.packs) as Array<[Language, DraftPack]>) {
    packs[language] = { ...pack, intents: pack.intents.map((intent) => ({ ...intent, answers: intent.answers ?? [] })) };
  }
  return { manifest: draft.manifest, packs };
}

/**
 * A pack file of an agency whose bot is remote (`http`, `rasa`): the bot answers, so intents need examples
 * only; `answers` may still be given (they label nothing and are not sent). Parsed into the `IntentPack` shape.
 */
export const RemoteBotPack = z
  .object({
    language: Language,
    intents: z.array(Intent.extend({ answers: Intent.shape.answers.optional() })).min(1),
    outOfScope: z.array(z.string().trim().min(1).max(500)).default([]),
    synonyms: Synonyms,
  })
  .transform((pack): IntentPack => ({ ...pack, intents: pack.intents.map((intent) => ({ ...intent, answers: intent.answers ?? [] })) }));
