/**
 * Turns a header into what the person asked to copy. Every format quotes values for its
 * own language so a token with quotes or `$` cannot break out of the snippet.
 *
 * Some APIs take their key as a query parameter (`?api_key=…`) instead of a header. Then
 * `HeaderParts.placement` is 'query', `name` is the parameter name, and every format puts
 * the pair into the address (percent-encoded) rather than into a header.
 */
import type { CopyFormat } from '../../../shared/contract';
import { CoreError } from '../errors';

export interface HeaderParts {
  /** Header name, or the query parameter name when `placement` is 'query'. */
  name: string;
  /** Full header value, e.g. "Bearer abc" (or the parameter's value). */
  value: string;
  /** The credential alone (token, key or base64 Basic credentials). */
  credential: string;
  /** Where the credential travels; a header unless said otherwise. */
  placement?: 'header' | 'query';
}

const EXAMPLE_URL = 'https://api.example.com/';

export function formatCopy(format: CopyFormat, header: HeaderParts, url: string | null): string {
  const target = url ?? EXAMPLE_URL;
  if (header.placement === 'query') return formatQueryCopy(format, header, target);
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

/** The same formats for a key sent in the address: `name=value`, or a command calling the address with it. */
function formatQueryCopy(format: CopyFormat, param: HeaderParts, target: string): string {
  switch (format) {
    case 'header':
      return queryPair(param.name, param.value);
    case 'token':
      return param.credential;
    case 'curl':
      return `curl ${shellQuote(withQueryParam(target, param.name, param.value))}`;
    case 'powershell':
      return `Invoke-RestMethod -Uri ${psQuote(withQueryParam(target, param.name, param.value))}`;
    case 'python':
      return `import requests\n\nresponse = requests.get(${pyQuote(withQueryParam(target, param.name, param.value))})\nprint(response.status_code)`;
  }
}

/**
 * RFC 3986 percent-encoding of one query component: everything but letters, digits and
 * `-._~` is encoded (encodeURIComponent leaves `!'()*`, which some tools treat specially).
 */
export function encodeQueryComponent(s: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    // A lone UTF-16 surrogate cannot be written as UTF-8, so it cannot go into an address.
    throw new CoreError('invalid-input', 'The API key contains a character that cannot be sent in a web address. Paste the key again.');
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function queryPair(name: string, value: string): string {
  return `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`;
}

/** Adds `name=value` to an address, after any query it already has (the #fragment stays last). */
export function withQueryParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  const pair = queryPair(name, value);
  u.search = u.search.length > 1 ? `${u.search.slice(1)}&${pair}` : pair;
  return u.href;
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

export function describeFormat(format: CopyFormat, placement: 'header' | 'query' = 'header'): string {
  if (placement === 'query' && format === 'header') return 'query parameter';
  return FORMAT_NAMES[format];
}
