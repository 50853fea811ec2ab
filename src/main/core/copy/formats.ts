/**
 * Turns a header into what the person asked to copy. Every format quotes values for its
 * own language so a token with quotes or `$` cannot break out of the snippet.
 */
import type { CopyFormat } from '../../../shared/contract';

export interface HeaderParts {
  name: string;
  /** Full header value, e.g. "Bearer abc". */
  value: string;
  /** The credential alone (token, key or base64 Basic credentials). */
  credential: string;
}

export function formatCopy(format: CopyFormat, header: HeaderParts, url: string | null): string {
  const target = url ?? 'https://api.example.com/';
  switch (format) {
    case 'header':
      return `${header.name}: ${header.value}`;
    case 'token':
      return header.credential;
    case 'curl':
      return `curl -H ${shellQuote(`${header.name}: ${header.value}`)} ${shellQuote(target)}`;
    case 'powershell':
      return `Invoke-RestMethod -Uri ${psQuote(target)} -Headers @{ ${psQuote(header.name)} = ${psQuote(header.value)} }`;
    case 'python':
      return `import requests\n\nresponse = requests.get(${pyQuote(target)}, headers={${pyQuote(header.name)}: ${pyQuote(header.value)}})\nprint(response.status_code)`;
  }
}

/** POSIX shell single quotes: nothing inside is special except the quote itself. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell single-quoted string: a quote is escaped by doubling it. */
export function psQuote(s: string): string {
  return `'${s.replace(/['‘’‚‛]/g, (q) => q + q)}'`;
}

/** A JSON string literal is a valid Python 3 string literal. */
export function pyQuote(s: string): string {
  return JSON.stringify(s);
}

const FORMAT_NAMES: Readonly<Record<CopyFormat, string>> = {
  header: 'header',
  token: 'token',
  curl: 'curl command',
  powershell: 'PowerShell command',
  python: 'Python snippet',
};

export function describeFormat(format: CopyFormat): string {
  return FORMAT_NAMES[format];
}
