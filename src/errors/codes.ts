/**
 * Every error code Switchboard emits, with its HTTP status, WebSocket close code (when the error ends the
 * connection) and whether the client may retry. docs/ERRORS.md lists each one; a test keeps them in step.
 */
export const ERROR_CODES = {
  SWB_ERR_PROTOCOL_INVALID: { status: 400, retryable: false, message: 'The frame is not valid' },
  SWB_ERR_PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'The frame is larger than allowed', wsClose: 1009 },
  SWB_ERR_NOT_STARTED: { status: 400, retryable: false, message: 'Send a hello frame first' },
  SWB_ERR_TOKEN_INVALID: { status: 401, retryable: false, message: 'The conversation token is not valid' },
  SWB_ERR_UNAUTHORIZED: { status: 401, retryable: false, message: 'Authentication required', wsClose: 4401 },
  SWB_ERR_FORBIDDEN: { status: 403, retryable: false, message: 'Not allowed' },
  SWB_ERR_NOT_FOUND: { status: 404, retryable: false, message: 'Not found' },
  SWB_ERR_UNKNOWN_AGENCY: { status: 404, retryable: false, message: 'No such agency' },
  SWB_ERR_CONVERSATION_NOT_FOUND: { status: 404, retryable: false, message: 'No such conversation' },
  SWB_ERR_CONVERSATION_CLOSED: { status: 409, retryable: false, message: 'The conversation is closed' },
  SWB_ERR_CONFLICT: { status: 409, retryable: true, message: 'Someone else changed this first' },
  SWB_ERR_RATE_LIMITED: { status: 429, retryable: true, message: 'Too many messages; wait a moment' },
  SWB_ERR_PACK_INVALID: { status: 422, retryable: false, message: 'The intent pack is not valid' },
  SWB_ERR_PUBLISH_REFUSED: { status: 409, retryable: false, message: 'Publishing this draft would lower routing accuracy' },
  SWB_ERR_STORE_UNAVAILABLE: { status: 503, retryable: true, message: 'Storage is unavailable; try again shortly' },
  SWB_ERR_AGENCY_FAILED: { status: 502, retryable: true, message: 'The agency bot did not answer' },
  SWB_ERR_AGENCY_TIMEOUT: { status: 504, retryable: true, message: 'The agency bot did not answer in time' },
  SWB_ERR_INTERNAL: { status: 500, retryable: true, message: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string; wsClose?: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;
