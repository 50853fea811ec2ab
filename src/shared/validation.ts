/**
 * Field validators shared by the contract (main checks them on every IPC call) and the
 * renderer (forms show the same message before sending). Messages are for people who
 * are not developers: what is wrong and what to do.
 */
import { z } from 'zod';

/**
 * Never typed on purpose in any text: control characters (C0 incl. CR/LF and NUL, DEL,
 * and C1 U+0080–U+009F), the Unicode line and paragraph separators (U+2028/U+2029) and
 * unpaired surrogates (broken text from a bad paste).
 */
const CONTROL_CHARS = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]/u;
/**
 * What a value that travels in an HTTP header must not hold either: invisible format
 * characters — zero-width space/joiners (U+200B–U+200D), the byte-order mark (U+FEFF),
 * soft hyphen, bidi marks and overrides, word joiner, tag characters, Hangul fillers
 * (Unicode "format" and "default ignorable" characters). They arrive with a paste from a
 * web page or chat, are invisible on screen, and make the service reject the credential.
 * Letters of any language stay allowed (a password like `123£` is fine: Basic sends UTF-8).
 */
const INVISIBLE_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
/** Printable ASCII: what a raw token or key can hold and still travel in a header as-is. */
const HEADER_ASCII = /^[\x20-\x7e]*$/;

export function invisibleMessage(what: string): string {
  return `${capitalise(what)} contains a line break or an invisible character. Type or paste it again without extra characters.`;
}

/** True when the value holds nothing that is invisible or breaks a header line. */
export function isHeaderSafeText(value: string): boolean {
  return !INVISIBLE_CHARS.test(value);
}

function text(what: string, max: number, forbidden: RegExp) {
  return z
    .string({ error: `Enter ${what}.` })
    .max(max, `${capitalise(what)} is too long (at most ${max} characters).`)
    .refine((v) => v.trim().length > 0, `Enter ${what}.`)
    .refine((v) => !forbidden.test(v), { message: invisibleMessage(what) });
}

/** Any required text (names, labels): no control characters or line separators. */
export function requiredText(what: string, max = 500) {
  return text(what, max, CONTROL_CHARS);
}

/** Required text that goes into a header or credential (user names, client IDs): nothing invisible either. */
export function headerText(what: string, max = 500) {
  return text(what, max, INVISIBLE_CHARS);
}

/** A secret that will end up inside an HTTP header: nothing invisible, no surrounding spaces. */
export function headerSafeSecret(what: string, max = 8192) {
  return headerText(what, max).refine((v) => v === v.trim(), {
    message: `${capitalise(what)} starts or ends with a space. Remove it and try again.`,
  });
}

/** Message for a token or key with a character a header cannot carry as-is. */
export function nonAsciiMessage(what: string): string {
  return `${capitalise(what)} contains a character that cannot be sent in a web request header (such as “é”, “£” or a curly quote). Copy it again from where it was issued: tokens and keys use only plain letters, digits and symbols.`;
}

/** True when a raw token or key can travel in a header as-is (printable ASCII). */
export function isHeaderAscii(value: string): boolean {
  return HEADER_ASCII.test(value);
}

/**
 * A token or API key sent in the header exactly as typed (unlike a Basic password, which
 * is UTF-8 encoded first): it must be printable ASCII, or fetch refuses it later with an
 * error nobody can act on.
 */
export function headerSafeToken(what: string, max = 8192) {
  return headerSafeSecret(what, max).refine(isHeaderAscii, { message: nonAsciiMessage(what) });
}

/** A short prefix or scheme put before a token in a header ("Bearer", "ApiKey "). */
export function headerPrefix(what: string, max = 40) {
  return z
    .string()
    .max(max, `${capitalise(what)} is too long (at most ${max} characters).`)
    .refine(isHeaderSafeText, { message: invisibleMessage(what) })
    .regex(/^[A-Za-z0-9\-_. ]*$/, { message: `${capitalise(what)} can only use letters, digits and spaces.` });
}

export const basicUsername = (what = 'the user name or email') =>
  headerText(what, 320).refine((v) => !v.includes(':'), {
    message:
      'The user name cannot contain a colon (:). Basic sign-in uses the colon to separate the user name from the password.',
  });

/** RFC 7230 token characters: what an HTTP header name may contain. */
export const headerName = z
  .string({ error: 'Enter the header name, for example Authorization or X-API-Key.' })
  .trim()
  .min(1, 'Enter the header name, for example Authorization or X-API-Key.')
  .max(100, 'That header name is too long.')
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, {
    message: 'A header name can only use letters, digits and - (for example X-API-Key).',
  });

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isAllowedBaseUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}

export const baseUrl = z
  .string({ error: 'Enter the address of the service.' })
  .trim()
  .min(1, 'Enter the address of the service, for example https://api.example.com.')
  .max(2000, 'That address is too long.')
  .refine(isHeaderSafeText, { message: 'The address contains a line break or an invisible character. Type or paste it again without extra characters.' })
  .refine((v) => URL.canParse(v), {
    message: 'That is not a web address. It should look like https://api.example.com.',
  })
  .refine(isAllowedBaseUrl, {
    message:
      'Use an address that starts with https:// so your password travels encrypted. (http:// is only allowed for this computer, such as http://localhost.)',
  })
  .transform((v) => v.replace(/\/+$/, ''));

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** OAuth2: where to find the server. Discovery needs the issuer; without it the addresses are typed. */
export function oauthServerRefinement(needsAuthorizationUrl: boolean) {
  return (v: { issuer?: string; tokenUrl?: string; authorizationUrl?: string; scope?: string }, ctx: z.RefinementCtx) => {
    if (!v.issuer) {
      if (needsAuthorizationUrl && !v.authorizationUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['authorizationUrl'],
          message: 'Enter the sign-in server’s address (issuer), or both its sign-in page address (authorization URL) and its token address.',
        });
      }
      if (!v.tokenUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['tokenUrl'],
          message: needsAuthorizationUrl
            ? 'Enter the sign-in server’s address (issuer), or both its sign-in page address (authorization URL) and its token address.'
            : 'Enter the sign-in server’s address (issuer) or its token address. The service’s OAuth2 documentation lists them.',
        });
      }
      if (v.scope?.split(' ').includes('openid')) {
        ctx.addIssue({
          code: 'custom',
          path: ['issuer'],
          message: 'The scope asks for OpenID Connect (openid): enter the issuer address too, so TokenDesk can check who signed in.',
        });
      }
    }
  };
}
