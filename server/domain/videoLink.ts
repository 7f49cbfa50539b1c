// The one way to link to a moment of a web video: YouTube's `t=` parameter, else a W3C media
// fragment (players and browsers seek to it). Only http(s): a URL from a notes file's front matter
// or a web page is untrusted, and `command:` or `javascript:` must never become a link.

/** The URL when it is a well-formed http(s) address, else null. */
export function httpUrl(url: string | null): URL | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
}

export function videoUrlAt(url: string | null, sec: number): string | null {
  const u = httpUrl(url);
  if (!u) return null;
  const t = Math.max(0, Math.floor(sec));
  if (/(^|\.)youtube\.com$|(^|\.)youtu\.be$/.test(u.hostname)) u.searchParams.set('t', `${t}s`);
  else u.hash = `t=${t}`;
  return u.toString();
}
