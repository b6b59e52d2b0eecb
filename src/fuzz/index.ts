/** The fuzz engine of `fleetsim fuzz` (see fuzz.ts). */

export { fuzz, type FuzzOptions, type FuzzProgress, type FuzzResult, type FuzzFailure } from './fuzz.js';
export { writeFuzzOutputs, minimalName, type FuzzOutputOptions } from './output.js';
export { progressDetail } from './progress.js';
export { fullReduction, shrinkReduction, type Reduction } from './reduction.js';
export { applyPerturbation, identity, perturbationArbitrary, type Perturbation, type PerturbOptions } from './perturbation.js';
