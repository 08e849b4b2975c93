import { ERROR_CODES, type ErrorCode } from './codes.js';
import type { ErrorFrame } from '../protocol/index.js';
import type { FrameIssue } from '../protocol/index.js';

/**
 * The one error class Switchboard throws on purpose. `code` is stable (`SWB_ERR_*`); `message` is for
 * people and must never contain what a citizen typed.
 */
export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FrameIssue[];
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message?: string,
    options: { cause?: unknown; issues?: FrameIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.name = 'SwitchboardError';
    this.code = code;
    this.issues = options.issues;
    this.details = options.details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].status;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  /** Set when this error ends a WebSocket connection: the close code to use after the error frame. */
  get wsCloseCode(): number | undefined {
    const entry = ERROR_CODES[this.code];
    return 'wsClose' in entry ? entry.wsClose : undefined;
  }

  toFrame(seq: number, clientId?: string): ErrorFrame {
    return {
      type: 'error',
      seq,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(clientId ? { clientId } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }

  toJSON(): { error: { code: ErrorCode; message: string; issues?: FrameIssue[]; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, issues: this.issues, details: this.details } };
  }
}

/** Wrap anything thrown into a SwitchboardError, keeping the original as `cause`. */
export function toSwitchboardError(error: unknown, fallback: ErrorCode = 'SWB_ERR_INTERNAL'): SwitchboardError {
  return error instanceof SwitchboardError ? error : new SwitchboardError(fallback, undefined, { cause: error });
}
