import type { z } from 'zod';
import { ClientFrame } from './client-frames.js';

export interface FrameIssue {
  path: string;
  code: string;
  message: string;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: 'json' | 'schema'; issues: FrameIssue[] };

/** zod issues without the input values: a bad frame may carry personal data. */
export function toIssues(error: z.ZodError): FrameIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : '(root)',
    code: issue.code,
    message: issue.message,
  }));
}

/** Parse and validate one widget frame. Never throws. */
export function decodeClientFrame(raw: string): DecodeResult<ClientFrame> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'json', issues: [{ path: '(root)', code: 'invalid_json', message: 'frame is not valid JSON' }] };
  }
  const parsed = ClientFrame.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'schema', issues: toIssues(parsed.error) };
}
