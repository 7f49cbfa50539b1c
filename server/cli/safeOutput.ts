// Everything the CLI prints goes through here: no terminal escape codes or control characters from
// titles, captions, file names or web pages; credentials in URLs masked; quoted input kept short.
import { maskCredentials } from '../domain/safeUrl';
import { oneLineText, safeMessage } from '../domain/terminalText';

/** One printable line of text from anywhere (a title, a log line, a passage). */
export function printable(text: string): string {
  return maskCredentials(oneLineText(text));
}

/** The one-line error message: printable, each long run of input clipped to ~200 characters. */
export function errorLine(text: string): string {
  return maskCredentials(safeMessage(text));
}

/**
 * JSON for stdout: valid JSON whose strings carry every control character (also DEL, C1 and the
 * Unicode line separators) as a \u escape, never raw; credentials in URLs masked.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(/[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return maskCredentials(text);
}
