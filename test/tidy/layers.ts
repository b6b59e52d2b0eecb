/**
 * The layer order, bottom first: a unit (a folder of src/, or a file at its root) imports only
 * from its own layer's units or lower ones. Units of one layer may import each other (no cycles).
 * The README's "## Layout" paragraph lists the same layers in the same order (test/tidy.test.ts
 * checks it); scripts/architecture-figures.ts counts upward edges against it.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['version.ts'],
  ['engine'],
  ['schema'],
  ['kube'],
  ['timeline'],
  ['workload'],
  ['cloud'],
  ['capi'],
  ['faults'],
  ['scenario'],
  ['observe'],
  ['fleet'],
  ['world'],
  ['report'],
  ['simulate.ts'],
  ['backtest', 'calibrate', 'fuzz', 'sweep', 'testing'],
  ['optimize'],
  ['cli', 'index.ts'],
];
