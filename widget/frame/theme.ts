/**
 * Theme colours from the agency manifest, made safe to use: the text colour on the accent is whichever of
 * white or near-black contrasts more, and an accent too light for text on white is replaced for text use.
 * WCAG 2.1 relative luminance and contrast ratio (1.4.3: 4.5:1 for normal text).
 */
export function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export interface ThemeColours {
  accent: string;
  onAccent: string;
  /** Accent for text and focus rings on white. */
  accentText: string;
}

const DARK = '#1a1a1a';

export function themeColours(color: string): ThemeColours {
  const accent = /^#[0-9a-f]{6}$/i.test(color) ? color : '#1f4e79';
  const onAccent = contrast(accent, '#ffffff') >= contrast(accent, DARK) ? '#ffffff' : DARK;
  const accentText = contrast(accent, '#ffffff') >= 4.5 ? accent : DARK;
  return { accent, onAccent, accentText };
}
