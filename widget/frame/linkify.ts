/**
 * Splits message text into plain text and web links. The widget renders the parts as text nodes and
 * `<a>` elements: message text is never parsed as HTML.
 */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+|\bwww\.[^\s<>"'`]+/gi;
/** Punctuation that usually ends the sentence, not the URL. */
const TRAILING = /[.,;:!?)\]}»”’]+$/;

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let candidate = match[0];
    const trailing = TRAILING.exec(candidate);
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia-style links).
    if (trailing && !(trailing[0] === ')' && candidate.includes('('))) candidate = candidate.slice(0, -trailing[0].length);
    const href = safeHref(candidate);
    if (!href) continue;
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function safeHref(candidate: string): string | undefined {
  try {
    const url = new URL(/^www\./i.test(candidate) ? `https://${candidate}` : candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
