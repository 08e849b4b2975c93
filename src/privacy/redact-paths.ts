/**
 * Log fields pino must censor outright. Citizen text is never logged as such (the router logs decisions,
 * not messages); these paths catch what could slip in through error objects and request logging.
 */
export const REDACT_PATHS = [
  'text',
  '*.text',
  'token',
  '*.token',
  'comment',
  '*.comment',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  '*.password',
];
