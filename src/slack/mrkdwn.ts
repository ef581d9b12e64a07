import { codePointLength } from '../domain/codePoints';

/**
 * User text placed in mrkdwn must never become a mention, a channel ping or a link:
 * Slack only needs &, < and > escaped for that (its control sequences all use < >).
 */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most max characters (code points), marking the cut. */
export function clip(text: string, max: number): string {
  // Counted first: most text fits, and is then returned without splitting it into characters.
  if (text.length <= max || codePointLength(text) <= max) return text;
  const chars = [...text];
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}
