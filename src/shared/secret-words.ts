/**
 * The saved secrets in the person's words. One list for main (status lines, the activity
 * log: "Changed client secret") and the window (labels: "Client secret"), so both say the
 * same thing for the same field.
 */
import type { FinishSetup } from './views';

type SecretField = Exclude<FinishSetup['fields'][number]['field'], 'username'>;

/** In running text: "the API key", "Changed client secret". */
export const SECRET_WORDS: Readonly<Record<SecretField, string>> = {
  password: 'password',
  apiKey: 'API key',
  token: 'token',
  clientSecret: 'client secret',
};

/** A stored field's words for running text; an unknown field keeps its own name. */
export function secretWord(field: string): string {
  return (SECRET_WORDS as Readonly<Record<string, string>>)[field] ?? field;
}

/** As a label, capitalised: "Password", "API key", "Client secret". */
export function secretLabel(field: string): string {
  const word = secretWord(field);
  return word.charAt(0).toUpperCase() + word.slice(1);
}
