/**
 * Draws TokenDesk's tray and app icons and writes them as PNG files into resources/.
 * No image library: shapes are drawn with signed distances (4×4 supersampled for smooth
 * edges) and encoded with node:zlib. Run `node build/make-icons.mjs`; the output is committed.
 *
 * tray-ok*.png        green disc with a white key hole — all tokens fine (Windows/Linux)
 * tray-attention*.png amber disc with a white "!" — something needs you
 * trayTemplate*.png   black + alpha ring with a key hole; macOS tints it for the menu bar
 * icon.png            512×512 app icon (blue rounded square, white key)
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
mkdirSync(out, { recursive: true });

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Renders `shade(u, v)` (u, v in 0..1, returns [r,g,b,a] or null) into an RGBA buffer. */
function render(size, shade) {
  const buf = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = shade((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          if (!c) continue;
          const ca = c[3] / 255;
          r += c[0] * ca; g += c[1] * ca; b += c[2] * ca; a += ca;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        buf[i] = Math.round(r / a);
        buf[i + 1] = Math.round(g / a);
        buf[i + 2] = Math.round(b / a);
      }
      buf[i + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return buf;
}

const disc = (u, v, cx, cy, r) => Math.hypot(u - cx, v - cy) <= r;
const box = (u, v, x0, y0, x1, y1) => u >= x0 && u <= x1 && v >= y0 && v <= y1;
const roundedBox = (u, v, x0, y0, x1, y1, r) => {
  const qx = Math.max(x0 + r - u, 0, u - (x1 - r));
  const qy = Math.max(y0 + r - v, 0, v - (y1 - r));
  return box(u, v, x0, y0, x1, y1) && Math.hypot(qx, qy) <= r;
};
/** A key hole: round top, tapering stem. */
const keyHole = (u, v) => disc(u, v, 0.5, 0.42, 0.13) || (box(u, v, 0.44, 0.42, 0.56, 0.72) && Math.abs(u - 0.5) <= 0.04 + (v - 0.42) * 0.1);
const exclamation = (u, v) => roundedBox(u, v, 0.44, 0.2, 0.56, 0.6, 0.05) || disc(u, v, 0.5, 0.74, 0.07);

const WHITE = [255, 255, 255, 255];
const tray = {
  ok: (u, v) => (disc(u, v, 0.5, 0.5, 0.47) ? (keyHole(u, v) ? WHITE : [46, 125, 50, 255]) : null),
  attention: (u, v) => (disc(u, v, 0.5, 0.5, 0.47) ? (exclamation(u, v) ? WHITE : [230, 126, 0, 255]) : null),
  // Template: black with alpha only; the hole is transparent.
  template: (u, v) => (disc(u, v, 0.5, 0.5, 0.47) && !disc(u, v, 0.5, 0.5, 0.37) ? [0, 0, 0, 255] : keyHole(u, v) ? [0, 0, 0, 255] : null),
};

const files = {
  'tray-ok.png': [16, tray.ok],
  'tray-ok@2x.png': [32, tray.ok],
  'tray-attention.png': [16, tray.attention],
  'tray-attention@2x.png': [32, tray.attention],
  'trayTemplate.png': [16, tray.template],
  'trayTemplate@2x.png': [32, tray.template],
  'icon.png': [
    512,
    (u, v) => {
      if (!roundedBox(u, v, 0.06, 0.06, 0.94, 0.94, 0.18)) return null;
      // A key lying across: ring on the left, shaft and two teeth to the right.
      const ring = disc(u, v, 0.34, 0.5, 0.16) && !disc(u, v, 0.34, 0.5, 0.08);
      const shaft = box(u, v, 0.46, 0.46, 0.8, 0.54);
      const teeth = box(u, v, 0.66, 0.54, 0.71, 0.65) || box(u, v, 0.74, 0.54, 0.8, 0.62);
      return ring || shaft || teeth ? WHITE : [37, 99, 235, 255];
    },
  ],
};

for (const [name, [size, shade]] of Object.entries(files)) {
  writeFileSync(join(out, name), png(size, render(size, shade)));
  console.log(`wrote resources/${name} (${size}×${size})`);
}
