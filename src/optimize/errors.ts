/** Bad optimizer input (`--vary`, `--minimize`, `--require`, `--budget`, …): the CLI prints the message and exits 2. */

export class OptimizeInputError extends Error {}
