/**
 * Drives Debian's chromium headless over the DevTools protocol on a pipe (--remote-debugging-pipe:
 * JSON messages separated by NUL bytes on file descriptors 3 and 4), so the browser test needs no
 * driver package and no network port. Only what the test needs: open a file, collect console
 * messages, exceptions, log entries and requests, evaluate an expression, take a screenshot.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The chromium binary: $CHROMIUM_PATH, or the first Debian/Ubuntu/Chrome path that exists. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

/** Whether this is a CI run (`CI` set to anything but empty, `0` or `false`, as CI services set it). */
export function isCI(env: Record<string, string | undefined>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * What the browser test does without chromium: on CI it fails (CI installs chromium, so a missing
 * one is a broken CI image, not a reason to pass); elsewhere it passes and says so.
 */
export function withoutChromium(env: Record<string, string | undefined>): { fail: boolean; message: string } {
  const message = `the browser test needs chromium, which is not installed (looked for $CHROMIUM_PATH and ${CHROMIUM_CANDIDATES.join(', ')}). `
    + 'Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at a Chrome or Chromium binary; .ci/run installs it.';
  return isCI(env) ? { fail: true, message: `${message} CI=${env.CI}: on CI the test must run, so it fails.` } : { fail: false, message: `browser test not run: ${message}` };
}

/** The flags the issue asks for, plus the pipe. */
export const HEADLESS_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync', '--remote-debugging-pipe',
];

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface PageProblem {
  source: string;
  text: string;
}

export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private readonly waiters: Array<{ method: string; resolve: (params: Record<string, unknown>) => void }> = [];
  private buffer = '';
  /** Console errors, uncaught exceptions and browser log errors (blocked loads, CSP violations). */
  readonly problems: PageProblem[] = [];
  /** Every URL the page requested. */
  readonly requests: string[] = [];
  private sessionId: string | undefined;

  private constructor(private readonly child: ChildProcess, private readonly userDataDir: string) {
    const output = child.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
  }

  static async launch(binary: string): Promise<Chromium> {
    const userDataDir = mkdtempSync(join(tmpdir(), 'fleetsim-chromium-'));
    // Its own process group, so close() can wait for (or end) chromium's helper processes too.
    const child = spawn(binary, [...HEADLESS_FLAGS, `--user-data-dir=${userDataDir}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
    const browser = new Chromium(child, userDataDir);
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    browser.sessionId = sessionId;
    await Promise.all(['Runtime.enable', 'Log.enable', 'Page.enable', 'Network.enable'].map((method) => browser.send(method, {}, sessionId)));
    return browser;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result ?? {});
      return;
    }
    const params = message.params ?? {};
    switch (message.method) {
      case 'Runtime.consoleAPICalled':
        if (params.type === 'error' || params.type === 'warning' || params.type === 'assert') {
          this.problems.push({ source: `console.${String(params.type)}`, text: JSON.stringify(params.args) });
        }
        break;
      case 'Runtime.exceptionThrown':
        this.problems.push({ source: 'exception', text: JSON.stringify(params.exceptionDetails) });
        break;
      case 'Log.entryAdded': {
        const entry = params.entry as { level: string; source: string; text: string; url?: string };
        if (entry.level === 'error' || entry.level === 'warning') this.problems.push({ source: `log.${entry.source}`, text: `${entry.text} ${entry.url ?? ''}` });
        break;
      }
      case 'Network.requestWillBeSent':
        this.requests.push(String((params.request as { url: string }).url));
        break;
    }
    for (let i = 0; i < this.waiters.length; i++) {
      const waiter = this.waiters[i] as (typeof this.waiters)[number];
      if (waiter.method === message.method) {
        this.waiters.splice(i, 1);
        waiter.resolve(params);
        i--;
      }
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId = this.sessionId): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message: Message = { id, method, params };
    if (sessionId !== undefined) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  private next(method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** Loads `url` and waits for its load event. */
  async open(url: string, viewport = { width: 1200, height: 900 }): Promise<void> {
    await this.send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false });
    const loaded = this.next('Page.loadEventFired');
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** Evaluates an expression in the page and returns its value (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send('Runtime.evaluate', { expression, returnByValue: true }) as { result: { value: T }; exceptionDetails?: unknown };
    if (reply.exceptionDetails !== undefined) throw new Error(`evaluate failed: ${JSON.stringify(reply.exceptionDetails)}`);
    return reply.result.value;
  }

  /** A PNG of the page region (CSS pixels), or of the whole page when no clip is given. */
  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const area = clip ?? await this.evaluate<{ x: number; y: number; width: number; height: number }>(
      '({ x: 0, y: 0, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })');
    const { data } = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip: { ...area, scale: 1 } }) as { data: string };
    return Buffer.from(data, 'base64');
  }

  /** True while any process of the browser's process group is alive. */
  private groupAlive(): boolean {
    if (this.child.pid === undefined) return false;
    try {
      process.kill(-this.child.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const exited = this.child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await Promise.race([this.send('Browser.close', {}, undefined), exited]);
    } catch {
      // The browser may close the pipe before it answers.
    }
    await exited;
    // Give chromium's helper processes up to 5 s to follow the browser out, then end them.
    for (let i = 0; i < 100 && this.groupAlive(); i++) await sleep(50);
    if (this.groupAlive() && this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    await rm(this.userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
