// What a reader sees of a line of our Markdown: search passages, the Notes view and snippets share it.

/** Markdown → plain text for embedding and display: links keep their text, HTML and emphasis go. */
export function plainText(md: string): string {
  // Escaped characters (\<, \*) are text, not markup: park them in private-use code points meanwhile.
  const escaped: string[] = [];
  return md
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, (_, c: string) => String.fromCharCode(0xe000 + escaped.push(c) - 1))
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[((?:\d+:)?\d{1,2}:\d{2})\]\([^)]*\)/g, '[$1]')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[*_`]{1,3}/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[\ue000-\uf8ff]/g, (c) => escaped[c.charCodeAt(0) - 0xe000] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
