/**
 * "Test connection" failed: what kind of failure it was, and what a person who is not a
 * developer should do next, step by step, in the screen's own words ("Replace", "Change
 * details", "Test again"). Main's message says what happened; this says what to do.
 *
 * A test result carries a message, maybe an HTTP status and an action, and a thrown error
 * carries a code: the kind is read from those, in that order of trust.
 */
import { SECRET_WORDS, secretLabel } from '../../../shared/secret-words';
import type { TestResult } from '../../../shared/views';

export type TestFailureKind =
  | 'wrong-password'
  | 'api-access'
  | 'mfa'
  | 'password-expired'
  | 'account-locked'
  | 'forbidden'
  | 'not-member'
  | 'host-not-found'
  | 'offline'
  | 'certificate'
  | 'timeout'
  | 'server-error'
  | 'rate-limited'
  | 'web-page'
  | 'wrong-address'
  | 'other';

export interface TestFailure {
  message: string;
  httpStatus?: number;
  action?: TestResult['action'];
  /** The error code, when the test threw instead of answering (see src/main/core/errors.ts). */
  code?: string;
}

export interface AdviceContext {
  /** Where the advice is shown: the buttons to press differ. */
  where: 'details' | 'wizard';
  /** The service's name as the person knows it: "Cogniac", "Nexudus". */
  service: string;
  /** The saved secret the person types, in words: "Password", "API key". Defaults to "Password". */
  secretName?: string;
}

export interface TestAdvice {
  kind: TestFailureKind;
  /** A short heading: "The password was not accepted". */
  title: string;
  /** What to do next, in order. */
  steps: string[];
}

/** The first secret a person types for a connection or form, in words ("Password" when none is known). */
export function secretNameOf(fields: readonly string[]): string {
  const field = fields.find((f) => f in SECRET_WORDS);
  return field ? secretLabel(field) : 'Password';
}

const CODE_KINDS: Record<string, TestFailureKind> = {
  'needs-mfa': 'mfa',
  'password-expired': 'password-expired',
  'account-locked': 'account-locked',
  forbidden: 'forbidden',
  'not-member': 'not-member',
  certificate: 'certificate',
  timeout: 'timeout',
  'server-error': 'server-error',
  'rate-limited': 'rate-limited',
};

function statusOf(f: TestFailure): number | undefined {
  if (f.httpStatus !== undefined) return f.httpStatus;
  // A result for several tenants names the first tenant's problem without a status field.
  const m = /\bHTTP (\d{3})\b/.exec(f.message);
  return m ? Number(m[1]) : undefined;
}

export function testFailureKind(f: TestFailure): TestFailureKind {
  const text = f.message;
  if (/api access/i.test(text)) return 'api-access';
  if (f.action === 'enter-mfa') return 'mfa';
  const byCode = f.code ? CODE_KINDS[f.code] : undefined;
  if (byCode) return byCode;
  if (f.code === 'auth-rejected') return 'wrong-password';
  if (f.code === 'network') return /could not find/i.test(text) ? 'host-not-found' : 'offline';

  if (/authenticator app|6-digit code|\bMFA\b|two-factor/i.test(text)) return 'mfa';
  if (/password has expired|password expired/i.test(text)) return 'password-expired';
  if (/locked this account/i.test(text)) return 'account-locked';
  if (/not an active member/i.test(text)) return 'not-member';
  if (/did not answer in time|timed out/i.test(text)) return 'timeout';
  if (/could not find .*server/i.test(text)) return 'host-not-found';
  if (/could not reach/i.test(text)) return 'offline';
  if (/certificate/i.test(text)) return 'certificate';
  if (/web page instead of data/i.test(text)) return 'web-page';

  const status = statusOf(f);
  if (status === 401) return 'wrong-password';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'wrong-address';
  if (status === 423) return 'account-locked';
  if (status === 429) return 'rate-limited';
  if (status !== undefined && status >= 500) return 'server-error';
  if (/rejected the (email|password|user name)|rejected .*password/i.test(text)) return 'wrong-password';
  return 'other';
}

export function testFailureAdvice(f: TestFailure, ctx: AdviceContext): TestAdvice {
  const kind = testFailureKind(f);
  const { service } = ctx;
  // “Password” → “password”, but “API key” stays.
  const secret = (ctx.secretName ?? 'Password').replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
  const wizard = ctx.where === 'wizard';
  const again = wizard ? 'Then press “Test again”.' : 'Then press “Test connection” again.';
  const retype = wizard
    ? `Press “Change details” and type the ${secret} again, carefully (check Caps Lock, and that nothing is missing at the start or end).`
    : `Press “Replace” next to ${ctx.secretName ?? 'Password'} below and type the ${secret} again, carefully (check Caps Lock, and that nothing is missing at the start or end).`;
  const fixAddress = wizard ? 'Press “Change details” and check the address, letter by letter.' : 'Press “Edit” below and check the address, letter by letter.';
  const waitAndRetry = `Wait a few minutes. ${again}`;

  switch (kind) {
    case 'wrong-password':
      return {
        kind,
        title: `${service} did not accept the ${secret}`,
        steps: [
          `Check that the ${secret} is right: sign in to ${service} in your web browser with it, or ask the person who gave it to you.`,
          retype,
          again,
        ],
      };
    case 'api-access':
      return {
        kind,
        title: `Your user needs “API Access” in ${service}`,
        steps: [
          `Ask a ${service} administrator (or do it yourself if you are one): open your user in ${service}, go to the Status tab and turn on “API Access”.`,
          'Your password stays the same: there is nothing to change here.',
          again,
        ],
      };
    case 'mfa':
      return {
        kind,
        title: 'A code from your authenticator app is needed',
        steps: [
          `Open the authenticator app on your phone and find ${service}.`,
          wizard
            ? 'Type the 6-digit code it shows in the box below, then press “Test again”. Codes change every 30 seconds: use the newest one.'
            : 'Press “Sign in again” below. When the box for the code appears, type the 6-digit code the app shows and press “Sign in”. Codes change every 30 seconds: use the newest one.',
        ],
      };
    case 'password-expired':
      return {
        kind,
        title: `Your ${service} password has expired`,
        steps: [
          `Sign in to ${service} in your web browser: it will ask you to choose a new password.`,
          wizard ? 'Press “Change details” and type the new password.' : 'Press “Replace” next to Password below and type the new password.',
          again,
        ],
      };
    case 'account-locked':
      return {
        kind,
        title: `${service} has locked this account`,
        steps: [
          `Do not try again now: more attempts can keep it locked. Ask your ${service} administrator to unlock it, or unlock it in ${service} if it offers that.`,
          `Once it is unlocked, check the ${secret} here is the right one. ${again}`,
        ],
      };
    case 'forbidden':
      return {
        kind,
        title: `${service} signed you in, but this account is not allowed to do this`,
        steps: [
          `Ask your ${service} administrator to give this account access (say that TokenDesk needs to use the API).`,
          wizard ? 'If you work in more than one organisation or tenant, press “Change details” and check you chose the right one.' : 'If you work in more than one organisation or tenant, check the one chosen below.',
          again,
        ],
      };
    case 'not-member':
      return {
        kind,
        title: `This user is not a member of that organisation in ${service}`,
        steps: [
          wizard ? 'Press “Change details” and check the org ID (your administrator can tell you which one to use).' : 'Check the org ID with your administrator.',
          `If it is right, ask your ${service} administrator to add you to that organisation.`,
          again,
        ],
      };
    case 'host-not-found':
      return {
        kind,
        title: `TokenDesk could not find ${service}’s server`,
        steps: [fixAddress, 'Check that this computer is online: open any website in your browser. If you use a VPN for work, turn it on.', again],
      };
    case 'offline':
      return {
        kind,
        title: `TokenDesk could not reach ${service}`,
        steps: ['Check that this computer is online: open any website in your browser. If you use a VPN for work, turn it on.', again],
      };
    case 'certificate':
      return {
        kind,
        title: `The secure connection to ${service} could not be checked`,
        steps: [
          wizard
            ? `Press “Change details” and check that the address is exactly the one in ${service}’s documents.`
            : `Press “Edit” below and check that the address is exactly the one in ${service}’s documents.`,
          'If you are on a company, hotel or guest network, ask your IT team whether something in the network is in the way. Do not ignore this warning.',
        ],
      };
    case 'timeout':
      return {
        kind,
        title: `${service} took too long to answer`,
        steps: ['Check that this computer is online and, if you use a VPN for work, that it is on.', waitAndRetry, `If it keeps happening, ${service} may be busy: try later.`],
      };
    case 'server-error':
      return {
        kind,
        title: `${service} has a problem on its side`,
        steps: [
          'Your details may be fine: the problem is at the service, not on this computer.',
          waitAndRetry,
          `If it still fails after an hour, tell your ${service} administrator or check ${service}’s status page.`,
        ],
      };
    case 'rate-limited':
      return { kind, title: `${service} asked TokenDesk to slow down`, steps: [waitAndRetry] };
    case 'web-page':
      return {
        kind,
        title: `A web page came back instead of ${service}`,
        steps: [
          'If you are on hotel or guest Wi-Fi, open your web browser and sign in to the network first.',
          wizard
            ? 'Otherwise press “Change details” and check that the check address is the service’s API address, not its website.'
            : 'Otherwise press “Edit” below and check that the check address is the service’s API address, not its website.',
          again,
        ],
      };
    case 'wrong-address':
      return {
        kind,
        title: `${service} does not know that address`,
        steps: [`${fixAddress} Compare it with the one in ${service}’s documents.`, again],
      };
    default:
      return {
        kind,
        title: 'That did not work',
        steps: [
          wizard ? 'Read the message above, then press “Change details” and check what you typed.' : 'Read the message above, then press “Edit” below and check the details.',
          again,
          `If it keeps failing, send the message above to your ${service} administrator.`,
        ],
      };
  }
}
