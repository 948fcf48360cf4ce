/**
 * Plane geometry of the SVG diagram: points, boxes, path segments (lines and cubic Béziers),
 * and the numbers and texts as the SVG writes them.
 */

/** A point of the canvas. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box of the canvas. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A cubic Bézier segment or a straight line, as part of an edge's path. */
export type Segment = { readonly kind: "cubic"; readonly p: readonly [Point, Point, Point, Point] } | { readonly kind: "line"; readonly p: readonly [Point, Point] };

/** A coordinate as written in the SVG: one decimal, never `-0`. */
export const round = (n: number): string => {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
};

/** Text shortened to `max` characters, ending in an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}


/** The area two boxes share. */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** A box grown by `by` on every side. */
export function inflate(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by };
}

/** The point at `t` (0–1) along a segment. */
export function pointOn(seg: Segment, t: number): Point {
  if (seg.kind === "line") {
    const [a, b] = seg.p;
    return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
  }
  const [a, b, c, d] = seg.p;
  const u = 1 - t;
  return {
    x: u * u * u * a.x + 3 * u * u * t * b.x + 3 * u * t * t * c.x + t * t * t * d.x,
    y: u * u * u * a.y + 3 * u * u * t * b.y + 3 * u * t * t * c.y + t * t * t * d.y,
  };
}

/** The `d` attribute of a path made of segments. */
export function pathData(segments: readonly Segment[]): string {
  const first = segments[0].p[0];
  const parts = [`M${round(first.x)},${round(first.y)}`];
  for (const s of segments) {
    if (s.kind === "line") parts.push(`L${round(s.p[1].x)},${round(s.p[1].y)}`);
    else parts.push(`C${s.p.slice(1).map((q) => `${round(q.x)},${round(q.y)}`).join(" ")}`);
  }
  return parts.join(" ");
}
