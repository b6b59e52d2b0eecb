import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, jsonForScript } from '../../src/report/html/escape.js';
import { inlineSvg } from '../../src/report/html/inline-svg.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('leaves no raw markup character in any string, and decodes back to the original', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      const escaped = escapeHtml(text);
      expect(escaped).not.toMatch(/[<>"']/);
      expect(escaped.replace(/&(?!(amp|lt|gt|quot|#39);)/g, '')).toBe(escaped);
      const decoded = escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      expect(decoded).toBe(text);
    }), { seed: 20261126, numRuns: 300 });
  });
});

describe('jsonForScript', () => {
  it('cannot close its script element and parses back to the same value', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string({ maxLength: 20 }), (value, text) => {
      const payload = { value, text: `</script><!--${text}` };
      const json = jsonForScript(payload);
      expect(json).not.toMatch(/[<>&]/);
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(payload)));
    }), { seed: 20261126, numRuns: 200 });
  });
});

describe('inlineSvg', () => {
  const svg = '<svg><defs><clipPath id="clip1"><rect width="1.23456" height="2"/></clipPath></defs>'
    + '<g clip-path="url(#clip1)"><path aria-label="cl-1: &lt;b&gt;" role="graphics-symbol" d="M0.123456,1.5L2,3Z"/></g></svg>';

  it('prefixes ids and their references with the chart id', () => {
    const out = inlineSvg(svg, 'gantt');
    expect(out).toContain('id="gantt-clip1"');
    expect(out).toContain('url(#gantt-clip1)');
    expect(out).not.toContain('"clip1"');
  });

  it('rounds long coordinates to 2 decimals and leaves labels alone', () => {
    const out = inlineSvg(svg, 'c');
    expect(out).toContain('d="M0.12,1.5L2,3Z"');
    expect(out).toContain('width="1.23"');
  });

  it('gives a labelled mark a hover title with the same (escaped) text', () => {
    expect(inlineSvg(svg, 'c')).toContain('<path aria-label="cl-1: &lt;b&gt;" role="graphics-symbol" d="M0.12,1.5L2,3Z"><title>cl-1: &lt;b&gt;</title></path>');
  });
});
