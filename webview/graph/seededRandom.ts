// The layout's random source, seeded from the graph: the same graph opens with the same layout.

/** A small seeded generator (mulberry32) for the layout's random jiggle: the same graph, the same layout. */
export function seededRandom(seedText: string): () => number {
  let s = 2166136261;
  for (let i = 0; i < seedText.length; i++) s = Math.imul(s ^ seedText.charCodeAt(i), 16777619);
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
