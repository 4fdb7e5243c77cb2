import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../../src/reporters/format-names.js';
import { formats } from '../../../src/reporters/index.js';

describe('format names', () => {
  it('are the registered formats, in their order (--format parses against them without loading the renderers)', () => {
    expect(FORMAT_NAMES).toEqual(formats.map((format) => format.name));
  });
});
