import { describe, expect, it } from 'vitest';
import { must, present } from '../../src/engine/must.js';

describe('must and present', () => {
  it('return what the lookup found', () => {
    expect(must(new Map([['a', 1]]), 'a', 'count')).toBe(1);
    expect(must(new Map([['a', 0]]), 'a', 'count')).toBe(0);
    expect(present('x', 'thing')).toBe('x');
    expect(present(null, 'thing')).toBeNull();
  });

  it('throw naming what was missing instead of passing undefined on', () => {
    expect(() => must(new Map<string, number>(), 'fleet/web', 'Cluster')).toThrow('Cluster "fleet/web" not found');
    expect(() => must(new Map<number, string>(), 3, 'shard')).toThrow('shard 3 not found');
    expect(() => present(undefined, 'InfraMachine of Machine/fleet/m-1')).toThrow('InfraMachine of Machine/fleet/m-1 not found');
  });
});
