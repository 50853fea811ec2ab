/**
 * *Test connection* for a saved connection whose flow can ask the service about a token
 * (Cogniac: `GET /1/tenants/current` with the Bearer token). The flow's own test proves
 * the credentials (Cogniac lists the tenants with Basic); this then checks the token of
 * each ticked tenant — the one a copy would hand out — so "it works" means the header a
 * person pastes works, not only the password.
 */
import type { TestResult } from '../../../shared/views';
import { failedTest, isCoreError, type CoreError } from '../errors';
import type { FlowContext, TokenFlow } from '../providers/flow';

export interface TokenCheck {
  flow: TokenFlow & Required<Pick<TokenFlow, 'verify'>>;
  ctx: FlowContext;
  /** The token slots a copy can use (Cogniac: the ticked tenants). */
  slots: string[];
  /** The token a copy would get now (stored, or signed in first). */
  tokenFor(slot: string): Promise<string>;
  /** Signs in again for one slot and returns the new token. */
  signInAgain(slot: string): Promise<string>;
  /** Name of the slot for messages ("External Tenant 2"). */
  nameOf(slot: string): string;
}

export function canCheckTokens(flow: TokenFlow): flow is TokenCheck['flow'] {
  return typeof flow.verify === 'function';
}

export async function testWithTokens(check: TokenCheck): Promise<TestResult> {
  const base = await check.flow.test(check.ctx);
  if (!base.ok || check.slots.length === 0) return base;
  const outcomes = await Promise.allSettled(check.slots.map((slot) => verifySlot(check, slot)));
  const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ slot: check.slots[i]!, error: o.reason as unknown }] : []));
  const first = failures[0];
  if (first) {
    if (!isCoreError(first.error)) throw first.error;
    const more = failures.length > 1 ? ` (${failures.length - 1} more ${failures.length === 2 ? 'tenant has' : 'tenants have'} a problem too: open them to see.)` : '';
    const result: TestResult = { ...failedTest(first.error), message: `${check.nameOf(first.slot)}: ${first.error.message}${more}` };
    if (base.tenants) result.tenants = base.tenants;
    return result;
  }
  const verified = outcomes.map((o) => (o as PromiseFulfilledResult<{ name: string; renewed: boolean }>).value);
  const renewed = verified.filter((v) => v.renewed).length;
  const note = renewed > 0 ? ` (the service no longer accepted ${renewed === 1 ? 'a saved token' : `${renewed} saved tokens`}, so TokenDesk signed in again)` : '';
  return { ...base, message: `Signed in to ${check.ctx.providerName} — ${verified.map((v) => v.name).join(', ')}${note}. ${base.message}` };
}

/** Checks the slot's token; a token the service no longer accepts is replaced once. */
async function verifySlot(check: TokenCheck, slot: string): Promise<{ name: string; renewed: boolean }> {
  const token = await check.tokenFor(slot);
  try {
    return { name: (await check.flow.verify(check.ctx, slot, token)).name, renewed: false };
  } catch (e) {
    if (!isCoreError(e) || (e as CoreError).code !== 'auth-rejected') throw e;
  }
  const fresh = await check.signInAgain(slot);
  return { name: (await check.flow.verify(check.ctx, slot, fresh)).name, renewed: true };
}
