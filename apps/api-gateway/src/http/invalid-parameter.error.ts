/** A request parameter that cannot be served; the edge answers 400 with `<parameter>: <problem>`. */
export class InvalidParameterError extends Error {
  override readonly name = 'InvalidParameterError';

  constructor(
    readonly parameter: string,
    readonly problem: string,
  ) {
    super(`${parameter}: ${problem}`);
  }
}
