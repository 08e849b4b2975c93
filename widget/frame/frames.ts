import type { ServerFrame } from '../../src/protocol/index.js';

/**
 * A hand-written check of server frames. The zod schemas in src/protocol are the source of truth, but
 * bundling zod would triple the widget's size; this checks exactly the fields the widget reads, and
 * tests/widget/frames.test.ts runs it against frames that `ServerFrame.parse` accepts and rejects.
 */
type Check = (value: Record<string, unknown>) => boolean;

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isStr = (value: unknown): value is string => typeof value === 'string';
const isBool = (value: unknown): value is boolean => typeof value === 'boolean';
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);
const STATES = ['bot', 'waiting_human', 'with_operator', 'closed'];
const SENDERS = ['citizen', 'bot', 'operator', 'system'];

const isChoices = (value: unknown): boolean =>
  Array.isArray(value) && value.every((choice) => !!choice && isStr(choice.label) && isStr(choice.value));

const CHECKS: Record<ServerFrame['type'], Check> = {
  welcome: (f) => isStr(f.conversationId) && isStr(f.token) && STATES.includes(f.state as string) && isStr(f.language) && isBool(f.resumed),
  message: (f) =>
    (f.seq as number) >= 1 && isStr(f.at) && SENDERS.includes(f.from as string) && isStr(f.text) &&
    optional(f.choices, isChoices) && optional(f.clientId, isStr) && optional(f.operatorName, isStr) && optional(f.agency, isStr),
  status: (f) => (f.seq as number) >= 1 && isStr(f.at) && STATES.includes(f.state as string) && optional(f.queuePosition, isInt),
  typing: (f) => (f.from === 'bot' || f.from === 'operator') && isBool(f.active),
  ack: (f) => isStr(f.clientId) && isBool(f.duplicate),
  error: (f) => isStr(f.code) && isStr(f.message) && isBool(f.retryable) && optional(f.clientId, isStr),
  service: (f) => f.status === 'ok' || f.status === 'degraded',
};

/** Parse one text frame; `undefined` for anything the widget does not understand (it is ignored). */
export function parseServerFrame(raw: unknown): ServerFrame | undefined {
  if (typeof raw !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const frame = value as Record<string, unknown>;
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is Chrome 93+, and the widget targets Chrome 92
  const check = Object.prototype.hasOwnProperty.call(CHECKS, frame.type as string) ? CHECKS[frame.type as ServerFrame['type']] : undefined;
  return check && isInt(frame.seq) && check(frame) ? (frame as unknown as ServerFrame) : undefined;
}
