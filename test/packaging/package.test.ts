/**
 * What a user installs: the package carries its license, the docs its CLI and README cite, and
 * nothing that needs a newer Node than `engines` says; the container image runs the same Node.
 */

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { satisfies } from './node-range.js';
import { tempDir } from '../helpers/temp.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string; engines: { node: string }; files: string[] };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };

/** The oldest Node `engines` admits: `>=20.19` → 20.19.0. */
const FLOOR = /^>=\s*(\d+)\.(\d+)$/.exec(pkg.engines.node);

describe('the package', () => {
  it('has engines of the form >=MAJOR.MINOR', () => {
    expect(FLOOR, pkg.engines.node).not.toBeNull();
  });

  it('ships an Apache-2.0 LICENSE, as package.json says', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync('LICENSE', 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it('installs nothing that needs a newer Node than its engines floor (no EBADENGINE from npm ci)', () => {
    const floor = `${FLOOR?.[1]}.${FLOOR?.[2]}.0`;
    const tooNew = Object.entries(lock.packages)
      .map(([path, entry]) => ({ path, range: Array.isArray(entry.engines) ? undefined : entry.engines?.node }))
      .filter((p): p is { path: string; range: string } => p.range !== undefined && p.path !== '')
      .filter((p) => !satisfies(floor, p.range));
    expect(tooNew).toEqual([]);
  });

  it('builds its container image on the Node line engines names', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const version = /^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
    expect(version).toBe(`${FLOOR?.[1]}.${FLOOR?.[2]}`);
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toEqual(['node:${NODE_VERSION}-bookworm-slim', 'node:${NODE_VERSION}-bookworm-slim']);
    for (const copied of ['docs', 'scenarios', 'bin']) expect(dockerfile).toMatch(new RegExp(`^COPY ${copied} \\./${copied}$`, 'm'));
  });

  it('packs the docs the CLI and README cite, the license, and no tests', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', env: { ...process.env, npm_config_cache: tempDir('fleetsim-npm-cache-') } });
    expect(packed.status, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? [];
    for (const file of ['LICENSE', 'README.md', 'docs/scenario-format.md', 'docs/sources/capi-semantics.md', 'docs/sources/cloud-facts.md', 'bin/fleetsim.js', 'dist/cli/main.js', 'scenarios/fleet-upgrade.yaml']) {
      expect(files, file).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
    expect(pkg.files).toContain('docs');
  });

  it('points its README and docs at files inside the package, not at ../shared', () => {
    for (const file of ['README.md', 'docs/scenario-format.md']) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\.\.\/shared|\/work\//);
    const readme = readFileSync('README.md', 'utf8');
    for (const link of readme.matchAll(/`(docs\/[^`]+\.md)`/g)) expect(() => readFileSync(link[1] as string), link[1]).not.toThrow();
  });
});
