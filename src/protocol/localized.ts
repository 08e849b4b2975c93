import { z } from 'zod';
import { Language } from './common.js';

/** Text in several languages; at least one. */
export const LocalizedText = z
  .partialRecord(Language, z.string().min(1))
  .refine((value) => Object.keys(value).length > 0, { message: 'give the text in at least one language' });
export type LocalizedText = z.infer<typeof LocalizedText>;
