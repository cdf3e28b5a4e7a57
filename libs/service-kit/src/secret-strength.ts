/**
 * Secrets that anyone who has read this repository knows (issue 16): compose's and the demo
 * overlay's placeholders. A service given one refuses to start, naming the variable, unless the
 * deployment says it is a throwaway demo with ALLOW_EXAMPLE_SECRETS=true.
 */
export const EXAMPLE_SECRETS_FLAG = 'ALLOW_EXAMPLE_SECRETS';

/** Variables whose whole value is a secret. */
const SECRET_NAME = /PASSWORD|SECRET|API_KEY|RECIPIENT_KEYS/;
/** Variables that may carry a password inside a URL (mysql://user:pass@host, redis://:pass@host). */
const URL_NAME = /_URL$/;
const EXAMPLE_MARKER = /example|change-?me|placeholder/i;

export const looksLikeExampleValue = (value: string): boolean => EXAMPLE_MARKER.test(value);

/** Why `value` of variable `name` is a published example, or null. */
export function exampleSecretProblem(name: string, value: string): string | null {
  const hint = 'generate a real one, e.g. openssl rand -hex 24 (docs/security.md)';
  if (SECRET_NAME.test(name) && looksLikeExampleValue(value)) return `is an example value from the repository; ${hint}`;
  if (URL_NAME.test(name)) {
    let password = '';
    try {
      password = decodeURIComponent(new URL(value).password);
    } catch {
      return null; // the URL's own validation reports a malformed value
    }
    if (looksLikeExampleValue(password)) return `the password inside the URL is an example value from the repository; ${hint}`;
  }
  return null;
}

export const exampleSecretsAllowed = (env: NodeJS.ProcessEnv): boolean => ['true', '1', 'yes'].includes(String(env[EXAMPLE_SECRETS_FLAG] ?? '').toLowerCase());

/** `NAME: why` for every example secret among `names`, or nothing when the demo flag is on in `env`. */
export function exampleSecretProblems(names: string[], env: NodeJS.ProcessEnv): string[] {
  if (exampleSecretsAllowed(env)) return [];
  return names.flatMap((name) => {
    const value = env[name];
    const problem = value ? exampleSecretProblem(name, value) : null;
    return problem ? [`${name}: ${problem}`] : [];
  });
}

/** A secret with too few different characters (`aaaa…`, `00000…`) is as guessable as a short one. */
export const distinctCharacters = (value: string): number => new Set(value).size;
