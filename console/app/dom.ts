export { el } from '../../widget/shared/dom.js';

export function minutesSince(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  return minutes < 1 ? 'just now' : `${minutes} min`;
}
