import { describe, expect, it } from 'vitest';
import '../../../lib/core/normalize/index.ts';
import { uncompiledSchemas } from '../../../lib/core/normalize/compiled-schema.ts';

describe('compiled vendor-record schemas', () => {
  it('every schema parsed per record gets the zod compiled fast path', () => {
    // A schema the compiler refuses still validates, only at interpreter speed (several times slower).
    expect(uncompiledSchemas()).toEqual([]);
  });
});
