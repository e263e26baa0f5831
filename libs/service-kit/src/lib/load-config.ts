import { z } from 'zod';
import { ConfigError } from './config-error';

/** Environment variable bag (process.env shape). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates environment variables against a zod object schema whose keys are the variable names.
 * Empty strings count as unset, so a schema default applies. Throws {@link ConfigError} naming every
 * bad variable and the value it had (secrets matching /TOKEN|PASSWORD|SECRET/ are not echoed).
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(service: string, schema: S, env: Env): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') {
      input[key] = value;
    }
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const raw = input[name];
    const shown = raw === undefined ? 'unset' : /TOKEN|PASSWORD|SECRET/i.test(name) ? '(hidden)' : JSON.stringify(raw);
    return `${name}: ${issue.message} (got ${shown})`;
  });
  throw new ConfigError(service, problems);
}
