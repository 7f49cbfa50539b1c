import { videoUrlAt as videoUrlAtMoment } from '../domain/videoLink';
import { formatClock } from '../domain/time';
import { stripControls } from '../domain/terminalText';
// Text from a transcript, a title or a user's file is data, never markup: these helpers make it
// render literally in VS Code's preview and on GitHub.

/** Escapes Markdown and HTML syntax in inline text; control characters go, newlines become spaces. */
export function escapeInline(text: string): string {
  return stripControls(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1')
    .trim();
}

/**
 * A YAML double-quoted scalar (JSON strings are valid YAML). Angle brackets and ampersands become
 * \u escapes so a renderer that does not know front matter still shows no HTML.
 */
export function yamlString(value: string): string {
  return JSON.stringify(stripControls(value).replace(/[\r\n\t]+/g, ' ')).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function transcriptAnchor(sec: number): string {
  return `t-${Math.max(0, Math.floor(sec))}`;
}

/** `[1:23](transcript.md#t-83)`: the citation format of docs/notes-format.md. */
export function citation(sec: number): string {
  return `[${formatClock(sec)}](transcript.md#${transcriptAnchor(sec)})`;
}

/** A Markdown link target for "open the video at this second"; null when the URL is not http(s). */
export function videoUrlAt(webpageUrl: string | null, sec: number): string | null {
  const url = videoUrlAtMoment(webpageUrl, sec);
  // Angle brackets keep spaces or parentheses in a URL from ending the link early.
  return url === null ? null : `<${url.replace(/[<>]/g, encodeURIComponent)}>`;
}
