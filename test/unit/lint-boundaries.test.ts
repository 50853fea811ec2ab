/**
 * The edges the ESLint config enforces (DESIGN.md "Lint-enforced edges"), checked with
 * ESLint itself so a config change that drops a rule fails `npm test`: no `electron`
 * import in the core, shared code or the renderer; `ipcRenderer` only in the preload.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const ELECTRON = `import { app } from 'electron';\nexport const name = app.getName();\n`;
const ELECTRON_SUB = `import { clipboard } from 'electron/main';\nexport const read = () => clipboard.readText();\n`;
const IPC_RENDERER = `import { ipcRenderer } from 'electron';\nexport const send = () => ipcRenderer.send('x');\n`;

describe('lint-enforced edges', () => {
  it.each(['src/main/core/probe.ts', 'src/main/core/tokens/probe.ts', 'src/shared/probe.ts', 'src/renderer/src/probe.ts'])('%s may not import electron', async (file) => {
    expect((await problems(file, ELECTRON)).join('\n')).toMatch(/no-restricted-imports: .*must not import electron/);
    expect((await problems(file, ELECTRON_SUB)).join('\n')).toMatch(/no-restricted-imports: .*No electron imports here/);
  });

  it('the shell may import electron, but not ipcRenderer', async () => {
    expect(await problems('src/main/shell/probe.ts', ELECTRON)).toEqual([]);
    expect((await problems('src/main/shell/probe.ts', IPC_RENDERER)).join('\n')).toMatch(/no-restricted-syntax: ipcRenderer is only used in src\/preload/);
  });

  it('the preload may use ipcRenderer', async () => {
    expect(await problems('src/preload/probe.ts', IPC_RENDERER)).toEqual([]);
  });
});
