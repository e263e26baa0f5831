/** A bad command-line option: the message names the flag and the bad value. The CLI exits 2. */
export class GeneratorConfigError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'GeneratorConfigError';
  }
}
