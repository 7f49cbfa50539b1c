// Which node labels to show: the strongest first, each only where its box overlaps no label already
// shown; the rest appear on hover, focus or zoom (more room between nodes). Pure and DOM-free, so
// unit-tested; a grid of buckets keeps 500 labels well under a millisecond per frame.

export interface LabelBox {
  id: string;
  /** Top-left corner and size, in screen pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Higher is placed first (importance; a search match or the focused node above all). */
  priority: number;
}

const CELL = 64;

/** The ids of the labels to show: no two of their boxes overlap (touching edges do not count). */
export function placeLabels(boxes: readonly LabelBox[], view?: { w: number; h: number }): Set<string> {
  const order = [...boxes].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1));
  const grid = new Map<number, LabelBox[]>();
  const shown = new Set<string>();
  for (const b of order) {
    if (!(b.w > 0 && b.h > 0) || !Number.isFinite(b.x) || !Number.isFinite(b.y)) continue;
    if (view && (b.x + b.w <= 0 || b.y + b.h <= 0 || b.x >= view.w || b.y >= view.h)) continue; // off screen
    const cx0 = Math.floor(b.x / CELL), cx1 = Math.floor((b.x + b.w) / CELL);
    const cy0 = Math.floor(b.y / CELL), cy1 = Math.floor((b.y + b.h) / CELL);
    let free = true;
    for (let cx = cx0; cx <= cx1 && free; cx++) {
      for (let cy = cy0; cy <= cy1 && free; cy++) {
        for (const o of grid.get(key(cx, cy)) ?? []) {
          if (overlaps(b, o)) { free = false; break; }
        }
      }
    }
    if (!free) continue;
    shown.add(b.id);
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const k = key(cx, cy);
        const cell = grid.get(k);
        if (cell) cell.push(b); else grid.set(k, [b]);
      }
    }
  }
  return shown;
}

export function overlaps(a: Omit<LabelBox, 'id' | 'priority'>, b: Omit<LabelBox, 'id' | 'priority'>): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** One number per grid cell (cells stay within ±2^20 for any realistic screen). */
function key(cx: number, cy: number): number {
  return (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576);
}
