/** Thrown at start-up when the environment does not hold a valid configuration. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';

  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
