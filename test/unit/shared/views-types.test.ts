/**
 * views.ts guards at compile time that no view type has a secret-named field
 * (`SecretFreeViews`). vitest does not typecheck, so this test runs the TypeScript
 * compiler on views.ts inside `npm test`: the real file must compile, and the same file
 * with a `token` field added to a view must not — so a field that is declared but not yet
 * filled in is caught even without `npm run typecheck`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const VIEWS = fileURLToPath(new URL('../../../src/shared/views.ts', import.meta.url));
const SOURCE = readFileSync(VIEWS, 'utf8');

const OPTIONS: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es5.d.ts'] };
/** The standard library parsed once for every compile below. */
const libCache = new Map<string, ts.SourceFile | undefined>();
let previous: ts.Program | undefined;

/** Type errors in views.ts compiled on its own, with `text` as its content. */
function typeErrors(text: string): string[] {
  const host = ts.createCompilerHost(OPTIONS);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, onError) => {
    if (file === VIEWS) return ts.createSourceFile(file, text, lang);
    if (!libCache.has(file)) libCache.set(file, getSource(file, lang, onError));
    return libCache.get(file);
  };
  const program = ts.createProgram([VIEWS], OPTIONS, host, previous);
  previous = program;
  const views = program.getSourceFile(VIEWS)!;
  // Only views.ts is checked: the library is trusted (skipLibCheck) and is the slow part.
  return [...program.getSyntacticDiagnostics(views), ...program.getSemanticDiagnostics(views)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** views.ts with one extra line inside the body of `interface <name> {`. */
function withField(name: string, field: string): string {
  const head = `export interface ${name} {\n`;
  expect(SOURCE).toContain(head);
  return SOURCE.replace(head, `${head}  ${field}\n`);
}

describe('views.ts: the compile-time guard against secret fields', () => {
  it('compiles as it is', () => {
    expect(typeErrors(SOURCE)).toEqual([]);
  });

  it.each([
    ['ConnectionView', 'token?: string;'],
    ['TenantView', 'accessToken: string | null;'],
    ['CopyResult', 'value: string;'],
    ['TestResult', 'password?: string;'],
    ['AuditEntry', 'apiKey?: string;'],
  ])('fails to compile when %s grows "%s"', (view, field) => {
    const errors = typeErrors(withField(view, field));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/does not satisfy the constraint 'false'/);
  });

  it('catches a secret field nested inside a view (TokenStatus inside every view)', () => {
    expect(typeErrors(withField('TokenStatus', 'refreshToken?: string;')).join('\n')).toMatch(/does not satisfy the constraint 'false'/);
  });
});
