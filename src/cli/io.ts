/** What a command writes to, so tests can capture it; and the error that means "bad command line" (exit 2). */

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

export class UsageError extends Error {}
