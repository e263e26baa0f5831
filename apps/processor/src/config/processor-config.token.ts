/** Nest injection token of the validated {@link ProcessorConfig}. */
export const PROCESSOR_CONFIG = Symbol('PROCESSOR_CONFIG');
