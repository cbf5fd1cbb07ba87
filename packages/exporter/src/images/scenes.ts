import { mulberry32 } from '@cnn-analyzer/arch-spec';
/** One generated scene: an RGB image as a float HWC sample in [0, 1], and whether a person-like figure is in it. */
export interface Scene {
  readonly sample: Float32Array;
  readonly size: number;
  readonly person: boolean;
}

type Rgb = [number, number, number];


/** Signed distance from (x, y) to a capsule (segment a–b with radius r), in pixels. */
function capsule(x: number, y: number, ax: number, ay: number, bx: number, by: number, r: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - ax - h * dx, y - ay - h * dy) - r;
}

/** Signed distance to an axis-aligned ellipse (approximate, exact on the axes), in pixels. */
function ellipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): number {
  const k = Math.hypot((x - cx) / rx, (y - cy) / ry);
  return (k - 1) * Math.min(rx, ry);
}

/** Signed distance to a rectangle with rounded corners, in pixels. */
function box(x: number, y: number, cx: number, cy: number, hw: number, hh: number, round: number): number {
  const qx = Math.abs(x - cx) - hw + round;
  const qy = Math.abs(y - cy) - hh + round;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - round;
}

interface Shape {
  readonly sdf: (x: number, y: number) => number;
  readonly color: Rgb;
  /** Vertical shading: brightness change from top to bottom of the image. */
  readonly shade: number;
}

const color = (rand: () => number, lo = 0.1, hi = 0.9): Rgb => [0, 1, 2].map(() => lo + (hi - lo) * rand()) as Rgb;

/** A standing figure: head, torso, two arms, two legs, as capsules and ellipses (height `h` pixels, feet at `y`). */
function figure(rand: () => number, x: number, y: number, h: number): Shape[] {
  const skin: Rgb = [0.45 + 0.45 * rand(), 0.3 + 0.35 * rand(), 0.2 + 0.3 * rand()];
  const shirt = color(rand);
  const trousers = color(rand, 0.05, 0.6);
  const hair = color(rand, 0.02, 0.35);
  const w = h * (0.22 + 0.06 * rand());
  const hip = y - h * 0.47;
  const shoulder = y - h * 0.8;
  const lean = (rand() - 0.5) * h * 0.08;
  const swing = (rand() - 0.5) * h * 0.25;
  const limb = h * 0.045;
  return [
    { sdf: (px, py) => capsule(px, py, x - w * 0.22, hip, x - w * 0.3 - swing * 0.5, y, limb * 1.2), color: trousers, shade: 0.1 },
    { sdf: (px, py) => capsule(px, py, x + w * 0.22, hip, x + w * 0.3 + swing * 0.5, y, limb * 1.2), color: trousers, shade: 0.1 },
    { sdf: (px, py) => box(px, py, x + lean * 0.5, (hip + shoulder) / 2, w / 2, (hip - shoulder) / 2 + limb, w * 0.25), color: shirt, shade: 0.15 },
    { sdf: (px, py) => capsule(px, py, x - w / 2, shoulder + limb, x - w * 0.75 + swing, hip + h * 0.05, limb), color: shirt, shade: 0.1 },
    { sdf: (px, py) => capsule(px, py, x + w / 2, shoulder + limb, x + w * 0.75 - swing, hip + h * 0.05, limb), color: skin, shade: 0.1 },
    { sdf: (px, py) => ellipse(px, py, x + lean, shoulder - h * 0.1, h * 0.075, h * 0.095), color: skin, shade: 0.05 },
    { sdf: (px, py) => Math.max(ellipse(px, py, x + lean, shoulder - h * 0.13, h * 0.08, h * 0.08), py - (shoulder - h * 0.14)), color: hair, shade: 0 },
  ];
}

/** Clutter: boxes (furniture, buildings), blobs (bushes, balls) and poles. */
function clutter(rand: () => number, size: number, count: number): Shape[] {
  return Array.from({ length: count }, (): Shape => {
    const cx = rand() * size;
    const cy = size * (0.3 + 0.7 * rand());
    const s = size * (0.05 + 0.25 * rand());
    const c = color(rand);
    const kind = rand();
    if (kind < 0.45) {
      const hw = s * (0.4 + rand());
      const hh = s * (0.4 + rand());
      return { sdf: (x, y) => box(x, y, cx, cy, hw, hh, Math.min(hw, hh) * 0.2 * rand()), color: c, shade: 0.2 * rand() };
    }
    if (kind < 0.8) {
      const rx = s * (0.5 + 0.6 * rand());
      const ry = s * (0.5 + 0.6 * rand());
      return { sdf: (x, y) => ellipse(x, y, cx, cy, rx, ry), color: c, shade: 0.3 * rand() };
    }
    const top = cy - s * 2;
    return { sdf: (x, y) => capsule(x, y, cx, top, cx, cy + s, size * 0.012 + rand() * size * 0.01), color: c, shade: 0.1 };
  });
}

/**
 * A procedurally drawn scene of `size`×`size` pixels: a sky-to-ground gradient with soft low-frequency
 * texture, a few clutter objects, in half of the scenes (those with `person`) a standing person-like figure,
 * then a little sensor noise. Anti-aliased edges; deterministic in `seed`.
 */
export function drawScene(seed: number, size = 96, person = seed % 2 === 0): Scene {
  const rand = mulberry32(seed * 7919 + 17);
  const sky = color(rand, 0.35, 0.95);
  const ground = color(rand, 0.1, 0.6);
  const horizon = size * (0.3 + 0.35 * rand());
  const waves = Array.from({ length: 4 }, () => ({ fx: (rand() * 6) / size, fy: (rand() * 6) / size, phase: rand() * 6.28, amp: 0.02 + 0.05 * rand() }));
  const shapes = clutter(rand, size, 2 + Math.floor(rand() * 5));
  if (person) {
    const h = size * (0.55 + 0.4 * rand());
    const feet = Math.min(size * 0.98, horizon + (size - horizon) * (0.4 + 0.6 * rand()) + h * 0.1);
    shapes.push(...figure(rand, size * (0.25 + 0.5 * rand()), feet, h));
  }
  const gain = 0.75 + 0.45 * rand();
  const noise = 0.01 + 0.03 * rand();
  const sample = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = Math.max(0, Math.min(1, (y - horizon) / (size * 0.04) + 0.5));
      const texture = waves.reduce((s, w) => s + w.amp * Math.sin(x * w.fx * 6.28 + y * w.fy * 6.28 + w.phase), 0);
      const px: Rgb = [0, 1, 2].map((c) => sky[c]! * (1 - t) * (1 - 0.25 * (y / size)) + ground[c]! * t * (1 + texture * 3) + texture * 0.3) as Rgb;
      for (const s of shapes) {
        const cover = Math.max(0, Math.min(1, 0.5 - s.sdf(x + 0.5, y + 0.5)));
        if (cover === 0) continue;
        const lit = 1 + s.shade * (0.5 - y / size);
        for (let c = 0; c < 3; c++) px[c] = px[c]! * (1 - cover) + s.color[c]! * lit * cover;
      }
      for (let c = 0; c < 3; c++) {
        const n = (rand() + rand() + rand() - 1.5) * noise * 2;
        sample[(y * size + x) * 3 + c] = Math.max(0, Math.min(1, px[c]! * gain + n));
      }
    }
  }
  return { sample, size, person };
}

/** `count` scenes from consecutive seeds starting at `firstSeed`, alternating person / no person. */
export function drawScenes(count: number, firstSeed = 1, size = 96): Scene[] {
  return Array.from({ length: count }, (_, i) => drawScene(firstSeed + i, size));
}

/** A scene as 8-bit RGBA pixels (for writing it as an image file). */
export function sceneRgba(scene: Scene): Uint8Array {
  const n = scene.size * scene.size;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round(scene.sample[i * 3 + c]! * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}
