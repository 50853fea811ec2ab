/**
 * RFC 7617 Basic credentials with the UTF-8 charset: base64(utf8(user ":" password)).
 * Buffer is used (not btoa) because btoa throws on characters outside Latin-1.
 */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${basicCredentials(username, password)}`;
}
