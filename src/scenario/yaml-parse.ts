/**
 * The yaml library's parse, without its per-token cost of reading the environment.
 *
 * yaml@2.9's CST parser checks `process.env.LOG_TOKENS` for every token (dist/parse/parser.js,
 * Parser.next) and its composer `process.env.LOG_STREAM` for every top-level token
 * (dist/compose/composer.js, Composer.next): debug switches of the library. In Node, `process.env`
 * is not a plain object: every property read is an interceptor that calls into the C++ environment
 * (about 0.25 µs a read here, 8× a plain object's), which made up about a second of a 5 MB
 * scenario's load. While the (synchronous) parse runs, `process.env` is a plain copy of itself, so
 * those reads are plain property reads with the same answers; the real object is back before this
 * function returns, also when the parse throws. Nothing else runs meanwhile (the parse is
 * synchronous and worker threads have their own `process.env`), so nothing can observe the copy.
 */

import { parseAllDocuments, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

export function parseAllDocumentsFast(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed[] {
  const real = process.env;
  process.env = { ...real };
  try {
    const parsed = parseAllDocuments(text, options);
    return Array.isArray(parsed) ? parsed : [];
  } finally {
    process.env = real;
  }
}
