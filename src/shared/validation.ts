/**
 * Field validators shared by the contract (main checks them on every IPC call) and the
 * renderer (forms show the same message before sending). Messages are for people who
 * are not developers: what is wrong and what to do.
 */
import { z } from 'zod';

/** Control characters (incl. CR/LF, NUL, DEL) would let a value break out of an HTTP header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function requiredText(what: string, max = 500) {
  return z
    .string({ error: `Enter ${what}.` })
    .max(max, `${capitalise(what)} is too long (at most ${max} characters).`)
    .refine((v) => v.trim().length > 0, `Enter ${what}.`)
    .refine((v) => !CONTROL_CHARS.test(v), {
      message: `${capitalise(what)} contains a line break or an invisible character. Type or paste it again without extra characters.`,
    });
}

/** A value that will end up inside an HTTP header: no control characters, no surrounding spaces. */
export function headerSafeSecret(what: string, max = 8192) {
  return requiredText(what, max).refine((v) => v === v.trim(), {
    message: `${capitalise(what)} starts or ends with a space. Remove it and try again.`,
  });
}

export const basicUsername = (what = 'the user name or email') =>
  requiredText(what, 320).refine((v) => !v.includes(':'), {
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
  .refine((v) => !CONTROL_CHARS.test(v), { message: 'The address contains a line break or an invisible character.' })
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
