import { z } from 'zod';
import { distinctCharacters, exampleSecretProblems } from './secret-strength';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates environment variables against a schema whose keys are the variable names.
 * Every problem names its variable, so a wrong deployment fails at start-up with one clear message.
 * A published example secret is one of those problems (secret-strength.ts), in every service.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const input = Object.fromEntries(Object.keys(shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const result = z.object(shape).safeParse(input);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  problems.push(...exampleSecretProblems(Object.keys(shape), env));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}

/** Reusable field types for env schemas. */
export const envField = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  url: (protocols: string[]) =>
    z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}` },
    ),
  /**
   * An optional secret: at least `minLength` characters, not a repetition of a few. (Example values
   * are refused by parseEnv for every secret variable.)
   */
  secret: (minLength: number) =>
    z
      .string()
      .min(minLength, `must be at least ${minLength} characters`)
      .refine((value) => distinctCharacters(value) >= Math.min(10, Math.ceil(minLength / 2)), 'has too few different characters to be a secret')
      .optional(),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  timeZone: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'must be an IANA time zone such as Europe/Berlin' },
      ),
};

/** Runs `load` and, on a ConfigError, prints it and exits 78 (EX_CONFIG) instead of a stack trace. */
export function loadConfigOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service}: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
