import { describe, expect, it } from 'vitest';
import { isCI, withoutChromium } from './browser/chromium.js';

describe('the browser test without chromium', () => {
  it('fails on CI and passes with a message elsewhere', () => {
    expect(withoutChromium({ CI: 'true' })).toMatchObject({ fail: true, message: expect.stringContaining('on CI the test must run, so it fails') });
    expect(withoutChromium({ CI: '1' }).fail).toBe(true);
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }]) {
      expect(isCI(env)).toBe(false);
      expect(withoutChromium(env)).toMatchObject({ fail: false, message: expect.stringMatching(/^browser test not run: .*sudo apt-get install chromium/) });
    }
  });
});
