// The one way to link to a moment of a web video: YouTube's `t=` parameter, else a W3C media
// fragment (players and browsers seek to it). Only http(s): a URL from a notes file's front matter
// or a web page is untrusted, and `command:` or `javascript:` must never become a link.

export function videoUrlAt(url: string | null, sec: number): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const t = Math.max(0, Math.floor(sec));
  if (/(^|\.)youtube\.com$|(^|\.)youtu\.be$/.test(u.hostname)) u.searchParams.set('t', `${t}s`);
  else u.hash = `t=${t}`;
  return u.toString();
}
