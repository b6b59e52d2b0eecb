import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process and captures what it prints; `stdin` is what a `-` argument reads. */
export async function runCli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (s: string) => out.push(s),
    err: (s: string) => err.push(s),
    readStdin: () => {
      if (stdin === undefined) throw new Error('the test gave no standard input');
      return stdin;
    },
  };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
