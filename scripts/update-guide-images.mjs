// Copies the screenshots the user guide shows from the last E2E run into docs/images.
// The guide names each picture `images/<screen>.png`; the E2E run writes
// test-results/screenshots/<screen>-light-1280x800.png for every screen it photographs.
// Run `npm run test:e2e` (or `npm test`) first, then `npm run guide:images`.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const guide = readFileSync('docs/USER_GUIDE.md', 'utf8');
const names = [...new Set([...guide.matchAll(/\]\(images\/([a-z0-9-]+)\.png\)/g)].map((m) => m[1]))];
mkdirSync('docs/images', { recursive: true });
const missing = [];
for (const name of names) {
  const from = join('test-results', 'screenshots', `${name}-light-1280x800.png`);
  if (!existsSync(from)) {
    missing.push(from);
    continue;
  }
  copyFileSync(from, join('docs', 'images', `${name}.png`));
}
if (missing.length > 0) {
  console.error(`These screenshots are missing; run the browser tests first (npm run test:e2e):\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`Copied ${names.length} screenshots into docs/images.`);
