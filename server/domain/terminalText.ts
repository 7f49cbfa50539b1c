// Text that came from outside (a title, captions, a web page's <title>, a file name, a URL) is
// data, never terminal control: these helpers drop escape sequences and control characters before
// anything is printed or rendered, and keep quoted input short.

// ESC-introduced sequences: CSI (ESC [ … final), OSC / DCS / SOS / PM / APC (ESC ] … BEL or ST),
// and two-character escapes (ESC + one byte). An 8-bit C1 control alone is dropped as one character.
const OSC_LIKE = /\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
const CSI = /\x1b\[[\x20-\x3f]*[\x40-\x7e]?/g;
const ESC_OTHER = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// Every remaining C0 control except tab and newline, DEL, C1, and the Unicode line/paragraph
// separators and bidi overrides that reorder what a terminal shows.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences and control characters; tabs and newlines stay. */
export function stripControls(text: string): string {
  return text.replace(OSC_LIKE, '').replace(CSI, '').replace(ESC_OTHER, '').replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** One printable line: controls removed, every run of whitespace (newlines too) one space. */
export function oneLineText(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}

/** Keeps quoted input short: longer than `max` characters → its start and "…". */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A message safe to print as one line: controls removed, each unbroken run (a 100 KB URL or path)
 * clipped to `maxRun` characters, the whole to `maxTotal`.
 */
export function safeMessage(text: string, maxRun = 200, maxTotal = 1000): string {
  const line = oneLineText(text).replace(new RegExp(`\\S{${maxRun + 1},}`, 'g'), (run) => clip(run, maxRun));
  return clip(line, maxTotal);
}
