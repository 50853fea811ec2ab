/**
 * Every copy format, for a header and for an API key sent as a query parameter, with
 * hostile values: the snippets are parsed back by the real tools (sh for curl, python3's
 * own parser for Python, a PowerShell single-quote reader) to prove nothing breaks out.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeFormat, formatCopy, queryPair, withQueryParam, type HeaderParts } from '../../../../../src/main/core/copy/formats';
import { CoreError } from '../../../../../src/main/core/errors';

/** Values a key or token may hold (control characters are refused before they get here). */
const HOSTILE = [
  `it's "quoted"`,
  'dollar $HOME ${PATH} $(id)',
  'back`tick` `whoami`',
  '100% %20 %zz %',
  'ünïcødé 🙂 ‘smart’ “quotes”',
  'amp&semi;pipe|lt<gt>hash#q?eq=plus+slash/back\\',
  "''''",
  'a b  c',
];

/** Runs a curl line through sh with `curl` swapped for printf: the arguments the shell would pass. */
function shellArgs(command: string): string[] {
  expect(command.startsWith('curl ')).toBe(true);
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${command.slice('curl '.length)}`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

interface PythonCall {
  statements: number;
  url: string;
  headers?: Record<string, string>;
}
/**
 * Parses Python snippets with Python itself (one python3 run for all of them, as it is slow
 * to start) and returns, for each, its statement count and the literal arguments of requests.get.
 */
function pythonCalls(snippets: string[]): PythonCall[] {
  const script = [
    'import ast, json, sys',
    'results = []',
    'for source in json.load(sys.stdin):',
    '    tree = ast.parse(source)',
    "    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'attr', '') == 'get')",
    "    out = {'statements': len(tree.body), 'url': ast.literal_eval(call.args[0])}",
    '    for kw in call.keywords: out[kw.arg] = ast.literal_eval(kw.value)',
    '    results.append(out)',
    'print(json.dumps(results))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(snippets) }).toString('utf8')) as PythonCall[];
}

const PS_QUOTES = `'‘’‚‛`;
/** Reads PowerShell single-quoted strings the way PowerShell does: a doubled quote is one quote. */
function psStrings(command: string): { strings: string[]; outside: string } {
  const strings: string[] = [];
  let outside = '';
  for (let i = 0; i < command.length; i++) {
    if (!PS_QUOTES.includes(command[i]!)) {
      outside += command[i];
      continue;
    }
    let s = '';
    for (i++; i < command.length; i++) {
      const c = command[i]!;
      if (PS_QUOTES.includes(c)) {
        const next = command[i + 1];
        if (next !== undefined && PS_QUOTES.includes(next)) {
          s += c;
          i++;
          continue;
        }
        break;
      }
      s += c;
    }
    strings.push(s);
  }
  return { strings, outside };
}

const header = (value: string): HeaderParts => ({ name: 'X-API-Key', value, credential: value });
const query = (value: string): HeaderParts => ({ name: 'api_key', value, credential: value, placement: 'query' });
const URL_BASE = 'https://api.example.com/v1';

let python: Map<string, PythonCall>;
beforeAll(() => {
  const snippets = HOSTILE.flatMap((v) => [formatCopy('python', header(v), URL_BASE), formatCopy('python', query(v), URL_BASE)]);
  const parsed = pythonCalls(snippets);
  python = new Map(snippets.map((s, i) => [s, parsed[i]!]));
});
const pythonCall = (snippet: string): PythonCall => python.get(snippet)!;

describe('header formats quote hostile values safely', () => {
  for (const value of HOSTILE) {
    it(`header, token, curl, PowerShell and Python for ${JSON.stringify(value)}`, () => {
      expect(formatCopy('header', header(value), URL_BASE)).toBe(`X-API-Key: ${value}`);
      expect(formatCopy('token', header(value), URL_BASE)).toBe(value);

      expect(shellArgs(formatCopy('curl', header(value), URL_BASE))).toEqual(['-H', `X-API-Key: ${value}`, URL_BASE]);

      const py = pythonCall(formatCopy('python', header(value), URL_BASE));
      expect(py).toEqual({ statements: 3, url: URL_BASE, headers: { 'X-API-Key': value } });

      const ps = psStrings(formatCopy('powershell', header(value), URL_BASE));
      expect(ps.strings).toEqual([URL_BASE, 'X-API-Key', value]);
      expect(ps.outside).toBe('Invoke-RestMethod -Uri  -Headers @{  =  }');
    });
  }
});

describe('an API key in a query parameter', () => {
  for (const value of HOSTILE) {
    it(`every format puts ${JSON.stringify(value)} in the address, encoded and quoted`, () => {
      const pair = formatCopy('header', query(value), URL_BASE);
      expect(pair).toMatch(/^api_key=[A-Za-z0-9%\-._~]*$/);
      expect(new URLSearchParams(pair).get('api_key')).toBe(value);
      expect(formatCopy('token', query(value), URL_BASE)).toBe(value);

      const [url, ...rest] = shellArgs(formatCopy('curl', query(value), URL_BASE));
      expect(rest).toEqual([]);
      expect(new URL(url!).searchParams.get('api_key')).toBe(value);
      expect(url!.startsWith(`${URL_BASE}?api_key=`)).toBe(true);

      const py = pythonCall(formatCopy('python', query(value), URL_BASE));
      expect(py.statements).toBe(3);
      expect(py.headers).toBeUndefined();
      expect(new URL(py.url).searchParams.get('api_key')).toBe(value);

      const ps = psStrings(formatCopy('powershell', query(value), URL_BASE));
      expect(ps.outside).toBe('Invoke-RestMethod -Uri ');
      expect(ps.strings).toHaveLength(1);
      expect(new URL(ps.strings[0]!).searchParams.get('api_key')).toBe(value);
    });
  }

  it('keeps an existing query and fragment, and encodes the parameter name too', () => {
    expect(withQueryParam('https://x.example/p?a=1#top', 'key', 'v')).toBe('https://x.example/p?a=1&key=v#top');
    expect(withQueryParam('https://x.example', 'key', "v'(x)*!")).toBe('https://x.example/?key=v%27%28x%29%2A%21');
    expect(queryPair('a b&c=', 'x')).toBe('a%20b%26c%3D=x');
  });

  it('uses an example address when the connection has none', () => {
    expect(formatCopy('curl', query('k'), null)).toBe(`curl 'https://api.example.com/?api_key=k'`);
  });

  it('refuses, in plain words, a value that cannot be written in an address', () => {
    expect(() => formatCopy('header', query('bad\ud800'), URL_BASE)).toThrow(CoreError);
    expect(() => formatCopy('header', query('bad\ud800'), URL_BASE)).toThrow(/cannot be sent in a web address/);
  });

  it('names the query parameter format in words', () => {
    expect(describeFormat('header', 'query')).toBe('query parameter');
    expect(describeFormat('header')).toBe('header');
    expect(describeFormat('curl', 'query')).toBe('curl command');
  });
});
