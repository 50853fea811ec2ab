/**
 * A failed "Test connection" turned into what to do next (src/renderer/src/lib/test-advice.ts).
 * It lives beside the core's HTTP error mapping because it is checked against it. The messages fed in are the ones
 * the core really writes (built here by the core's own error mapping), so a change of wording
 * in main that would make the window give the wrong advice fails this test.
 */
import { describe, expect, it } from 'vitest';
import { networkError, statusError, type HttpRequest, type HttpResponse } from '../../../../../src/main/core/http/request';
import { failedTest } from '../../../../../src/main/core/errors';
import { providerHint401 } from '../../../../../src/main/core/providers/static-flows';
import { testFailureAdvice, testFailureKind, type TestFailure, type TestFailureKind } from '../../../../../src/renderer/src/lib/test-advice';

function answer(service: string, status: number, opts: { on401?: HttpRequest['on401']; body?: string } = {}): TestFailure {
  const res = { status, headers: new Headers(), text: opts.body ?? '', json: () => ({}) } as HttpResponse;
  // Exactly what the core's test result carries: words, HTTP status and error code.
  return failedTest(statusError({ url: 'https://example.com/x', service, on401: opts.on401 }, res));
}

function unreachable(service: string, cause: string | null): TestFailure {
  const err = cause ? Object.assign(new TypeError('fetch failed'), { cause: { code: cause } }) : new TypeError('fetch failed');
  return failedTest(networkError(service, err, cause === null));
}

const cases: Array<[string, TestFailure, TestFailureKind]> = [
  ['a 401 (wrong email or password)', answer('Cogniac', 401), 'wrong-password'],
  ['a 401 whose body names API Access (Nexudus)', answer('Nexudus', 401, { on401: (b) => providerHint401('nexudus', b), body: 'API Access' }), 'api-access'],
  ['a 403', answer('Cogniac', 403), 'forbidden'],
  ['a 404', answer('Cohort Go', 404), 'wrong-address'],
  ['a 423', answer('Cohort Go', 423), 'account-locked'],
  ['a 429', answer('Cogniac', 429), 'rate-limited'],
  ['a 500', answer('Cogniac', 500), 'server-error'],
  ['a 503', answer('Cogniac', 503), 'server-error'],
  ['a host name that does not exist', unreachable('Cogniac', 'ENOTFOUND'), 'host-not-found'],
  ['a refused connection', unreachable('Cogniac', 'ECONNREFUSED'), 'offline'],
  ['a certificate problem', unreachable('Cogniac', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'certificate'],
  ['no answer in time', unreachable('Cogniac', null), 'timeout'],
  [
    'Resolver asking for a code',
    { message: 'Resolver Core needs the 6-digit code from your authenticator app. Enter it to sign in.', httpStatus: 401, action: 'enter-mfa' },
    'mfa',
  ],
  [
    'Resolver: not a member of the org',
    { message: 'Resolver Core says this user is not an active member of any org (HTTP 404). Check the org ID, or ask your Resolver administrator to add you.', httpStatus: 404 },
    'not-member',
  ],
  ['a tenant’s failure without a status field', { message: 'External Tenant 2: Cogniac is having a problem right now (HTTP 502). TokenDesk will try again by itself.' }, 'server-error'],
  ['a thrown error with a code', { message: 'Something odd.', code: 'needs-mfa' }, 'mfa'],
  ['a thrown auth error', { message: 'Something odd.', code: 'auth-rejected' }, 'wrong-password'],
  ['a result whose code is known, in words the window has never seen', { message: 'Le serveur a refusé.', httpStatus: 400, code: 'auth-rejected' }, 'wrong-password'],
  ['an unreachable server, in words the window has never seen', { message: 'Unbekannter Fehler.', code: 'timeout' }, 'timeout'],
  ['something unknown', { message: 'Something odd happened.' }, 'other'],
];

describe('testFailureKind', () => {
  it.each(cases)('%s', (_what, failure, kind) => {
    expect(testFailureKind(failure)).toBe(kind);
  });
});

describe('testFailureAdvice', () => {
  const details = { where: 'details', service: 'Cogniac' } as const;
  const wizard = { where: 'wizard', service: 'Cogniac' } as const;

  it('gives every kind a heading and at least one step, without technical words', () => {
    for (const [, failure] of cases) {
      for (const ctx of [details, wizard]) {
        const advice = testFailureAdvice(failure, ctx);
        expect(advice.title.length).toBeGreaterThan(0);
        expect(advice.steps.length).toBeGreaterThan(0);
        for (const text of [advice.title, ...advice.steps]) {
          expect(text).not.toMatch(/HTTP|ENOTFOUND|DNS|TLS|\b401\b|\b500\b|undefined|\$\{/);
        }
      }
    }
  });

  it('a wrong password: check it, retype it with the screen’s own button, test again', () => {
    const d = testFailureAdvice(answer('Cogniac', 401), details);
    expect(d.title).toBe('Cogniac did not accept the password');
    expect(d.steps.join(' ')).toContain('Press “Replace” next to Password below');
    expect(d.steps.at(-1)).toBe('Then press “Test connection” again.');
    const w = testFailureAdvice(answer('Cogniac', 401), wizard);
    expect(w.steps.join(' ')).toContain('Press “Change details”');
    expect(w.steps.at(-1)).toBe('Then press “Test again”.');
  });

  it('names the saved secret the person typed (an API key is not a password)', () => {
    const a = testFailureAdvice(answer('Acme API', 401), { where: 'details', service: 'Acme API', secretName: 'API key' });
    expect(a.title).toBe('Acme API did not accept the API key');
    expect(a.steps.join(' ')).toContain('next to API key below');
  });

  it('Nexudus API Access: turn it on in Nexudus, the password stays', () => {
    const a = testFailureAdvice(answer('Nexudus', 401, { on401: (b) => providerHint401('nexudus', b), body: 'API Access' }), { where: 'details', service: 'Nexudus' });
    expect(a.title).toBe('Your user needs “API Access” in Nexudus');
    expect(a.steps[0]).toContain('go to the Status tab and turn on “API Access”');
  });

  it('a server error says the details may be fine and to wait', () => {
    const a = testFailureAdvice(answer('Cogniac', 500), details);
    expect(a.steps.join(' ')).toContain('the problem is at the service, not on this computer');
    expect(a.steps.join(' ')).toContain('Wait a few minutes.');
  });

  it('no network or no such host: check the address, the internet and the VPN', () => {
    const host = testFailureAdvice(unreachable('Cogniac', 'ENOTFOUND'), details);
    expect(host.steps.join(' ')).toContain('Press “Edit” below and check the address');
    expect(host.steps.join(' ')).toContain('VPN');
    const offline = testFailureAdvice(unreachable('Cogniac', 'ECONNREFUSED'), wizard);
    expect(offline.steps.join(' ')).toContain('open any website in your browser');
  });

  it('an MFA code: where to type it differs between the wizard and the details', () => {
    const f: TestFailure = { message: 'Resolver Core needs the 6-digit code from your authenticator app.', action: 'enter-mfa' };
    expect(testFailureAdvice(f, { where: 'wizard', service: 'Resolver Core' }).steps.join(' ')).toContain('in the box below, then press “Test again”');
    expect(testFailureAdvice(f, { where: 'details', service: 'Resolver Core' }).steps.join(' ')).toContain('Press “Sign in again” below');
  });

  it('forbidden and timeout each say who to ask or what to wait for', () => {
    expect(testFailureAdvice(answer('Cogniac', 403), details).steps[0]).toContain('Ask your Cogniac administrator to give this account access');
    expect(testFailureAdvice(unreachable('Cogniac', null), details).title).toBe('Cogniac took too long to answer');
  });
});
