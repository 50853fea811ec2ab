/**
 * docs/USER_GUIDE.md stays true: its pictures exist and are ones the browser tests take (so
 * `npm run guide:images` can refresh them), its links inside the page lead somewhere, and it
 * covers every seed provider and explains every state the window can show.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_WORDS } from '../../../src/renderer/src/lib/state-words';

const guide = readFileSync('docs/USER_GUIDE.md', 'utf8');
const images = [...guide.matchAll(/!\[([^\]]*)\]\(images\/([a-z0-9-]+)\.png\)/g)].map((m) => ({ alt: m[1]!, name: m[2]! }));
const e2eSources = readdirSync('test/e2e')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join('test/e2e', f), 'utf8'))
  .join('\n');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

describe('the user guide', () => {
  it('shows pictures, each with a description', () => {
    expect(images.length).toBeGreaterThanOrEqual(15);
    for (const { alt, name } of images) expect(alt.trim(), `picture ${name} has no description`).not.toBe('');
  });

  it('every picture is in docs/images and is one the browser tests photograph', () => {
    for (const { name } of images) {
      expect(existsSync(join('docs/images', `${name}.png`)), `docs/images/${name}.png (run the E2E tests, then npm run guide:images)`).toBe(true);
      expect(e2eSources, `no browser test takes shot('${name}')`).toContain(`shot('${name}')`);
    }
  });

  it('keeps no picture it does not show', () => {
    const shown = new Set(images.map((i) => `${i.name}.png`));
    expect(readdirSync('docs/images').filter((f) => !shown.has(f))).toEqual([]);
  });

  it('links inside the page lead to a heading', () => {
    const anchors = new Set([...guide.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
    const links = [...guide.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(anchors, `#${link}`).toContain(link);
  });

  it('covers installing, the first start, every seed provider, the tray and shortcut, team packs and trouble', () => {
    for (const topic of ['## Install', '## First start', '### Cohort Go', '### Nexudus', '### Cogniac', '### Resolver Core', '### Any other service', '**From the tray**', '**With the keyboard shortcut**', '## Share your setup', '## If something goes wrong']) {
      expect(guide, topic).toContain(topic);
    }
  });

  it('explains every state the window shows, in its own words', () => {
    for (const words of Object.values(STATE_WORDS)) expect(guide, words).toMatch(new RegExp(`^\\| \\*\\*${words}\\*\\* \\|`, 'm'));
  });
});
