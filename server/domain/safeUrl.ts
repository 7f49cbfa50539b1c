// URLs that reach a link, a notes file or a terminal: only http(s) opens anything, and credentials
// (user:pass@, token-like query parameters) never leave the process in the clear.

/** Query parameters whose values are secrets (matched case-insensitively, also as a suffix: x-amz-signature). */
const SECRET_PARAM = /(?:^|[-_.])(?:token|access[-_]?token|refresh[-_]?token|id[-_]?token|auth|authorization|key|api[-_]?key|apikey|secret|client[-_]?secret|password|passwd|pass|pwd|sig|signature|session|sessionid|sid|credential|credentials|jwt|bearer|code)$/i;

export const MASK = '***';

/** The URL when it parses and its scheme is http or https; otherwise null. */
export function safeWebUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 8192) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** True when a query parameter of this name carries a secret. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

function maskQuery(query: string): string {
  return query.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (all, sep: string, name: string, value: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      /* keep the raw name */
    }
    return value && isSecretParam(decoded) ? `${sep}${name}=${MASK}` : all;
  });
}

/**
 * Masks credentials in every URL inside `text` (a URL, a log line, an error message):
 * `https://user:pass@host/…?token=abc` → `https://***@host/…?token=***`.
 */
export function maskCredentials(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)/gi, (_all, scheme: string, rest: string) => {
    // userinfo: everything before the last "@" of the authority
    const authEnd = rest.search(/[/?#]/);
    const authority = authEnd < 0 ? rest : rest.slice(0, authEnd);
    let tail = authEnd < 0 ? '' : rest.slice(authEnd);
    const at = authority.lastIndexOf('@');
    const host = at >= 0 ? `${MASK}@${authority.slice(at + 1)}` : authority;
    const hash = tail.indexOf('#');
    const beforeHash = hash < 0 ? tail : tail.slice(0, hash);
    const afterHash = hash < 0 ? '' : tail.slice(hash);
    const q = beforeHash.indexOf('?');
    tail = q < 0 ? beforeHash : beforeHash.slice(0, q) + maskQuery(beforeHash.slice(q));
    return scheme + host + tail + afterHash;
  });
}
