/**
 * What "a plain-language message" means in property tests: one or more sentences a person
 * can read, not a programmer's error — no stack trace, no type names, no "undefined",
 * no raw validator wording ("expected string, received number"), not a wall of text.
 */
const JARGON =
  /\b(?:undefined|null|NaN|TypeError|ReferenceError|SyntaxError|RangeError|ZodError|Unexpected token|expected \w+, received|received (?:string|number|array|object|boolean|bigint|symbol|function)|Invalid input|Cannot read propert)|\[object \w+\]|\bat \S+ \(\S+:\d+/;

export function isPlainMessage(message: unknown): boolean {
  if (typeof message !== 'string') return false;
  const m = message.trim();
  return m.length >= 10 && m.length <= 500 && !/[\r\n]/.test(m) && !JARGON.test(m) && /^["“(]?[A-Z0-9]/.test(m) && /[.!?)]$/.test(m);
}
