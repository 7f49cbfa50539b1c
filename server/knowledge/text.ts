// Word-level text helpers shared by segmentation, concepts and summaries.

export const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are aren as at be because been before being below between both but by ' +
    'can cannot could did do does doing don down during each even ever every few for from further get gets got had has have having he her ' +
    'here hers herself him himself his how i if in into is isn it its itself just know let like ll lot many may me might more most much must my ' +
    'myself never no nor not now of off often on once one only or other ought our ours ourselves out over own really re said same say says see ' +
    'shall she should so some something such than that the their theirs them themselves then there these they thing things think this those ' +
    'though through to too under until up upon us very want was way we well were what when where whether which while who whom whose why will ' +
    'with within without would yes yet you your yours yourself yourselves s t d ve m okay oh um uh yeah right go going gonna come came make made ' +
    'take two three first back still around'
  ).split(' '),
);

/** Lowercased word tokens (letters, digits, apostrophes inside words), Unicode-aware. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

/** A crude stem so "laws"/"law" and "giving"/"give" meet in bags of words. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && word.endsWith('es') && /(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  return word;
}

/** Stemmed content words of a text. */
export function contentTerms(text: string): string[] {
  return words(text)
    .map((w) => w.replace(/['’]s$/, ''))
    .filter((w) => w.length > 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map(stem);
}

/** True when a sentence is a question: it ends in "?", closing quotes or brackets aside. */
export function isQuestion(text: string): boolean {
  return /\?["'”’)\]]*$/u.test(text.trimEnd());
}
