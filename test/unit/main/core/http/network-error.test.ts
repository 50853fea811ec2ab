/** Network failures become plain messages, whether they come from Node's fetch or Electron's net.fetch. */
import { describe, expect, it } from 'vitest';
import { networkError } from '../../../../../src/main/core/http/request';

const nodeError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`getaddrinfo ${code} x`), { code }) });
const electronError = (netError: string) => new Error(`net::${netError}`);

describe('networkError', () => {
  it('says "could not find the server" for names that do not resolve (Node and Electron)', () => {
    for (const e of [nodeError('ENOTFOUND'), nodeError('EAI_AGAIN'), electronError('ERR_NAME_NOT_RESOLVED'), electronError('ERR_NAME_RESOLUTION_FAILED')]) {
      const err = networkError('Cogniac', e, false);
      expect(err.code).toBe('network');
      expect(err.message).toBe("TokenDesk could not find Cogniac's server. Check the address and your internet connection.");
      expect(err.details?.dns).toBe(true);
    }
  });

  it('says the secure connection could not be checked for certificate problems (Node and Electron)', () => {
    for (const e of [
      nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'),
      nodeError('SELF_SIGNED_CERT_IN_CHAIN'),
      nodeError('ERR_TLS_CERT_ALTNAME_INVALID'),
      nodeError('CERT_HAS_EXPIRED'),
      electronError('ERR_CERT_AUTHORITY_INVALID'),
      electronError('ERR_CERT_DATE_INVALID'),
      electronError('ERR_SSL_PROTOCOL_ERROR'),
    ]) {
      const err = networkError('Resolver Core', e, false);
      expect(err.code).toBe('certificate');
      expect(err.message).toMatch(/^The secure connection to Resolver Core could not be checked \(certificate problem\)\. Check the address/);
    }
  });

  it('says "could not reach" for everything else, and "did not answer in time" after a timeout', () => {
    for (const e of [nodeError('ECONNREFUSED'), nodeError('ECONNRESET'), electronError('ERR_INTERNET_DISCONNECTED'), new Error('boom'), 'not even an error', null]) {
      const err = networkError('Cohort Go', e, false);
      expect(err.code).toBe('network');
      expect(err.message).toBe('TokenDesk could not reach Cohort Go. Check your internet connection; it will try again by itself.');
    }
    expect(networkError('Cohort Go', nodeError('ENOTFOUND'), true)).toMatchObject({ code: 'timeout', message: expect.stringMatching(/did not answer in time/) });
  });
});
