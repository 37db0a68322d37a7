// The rooms of src/ keep their rules (docs/architecture.md): no import cycles, the layers import downwards
// only, and a gateway started from a config file never loads a vendor emulator.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, reachableFrom, SRC } from './import-graph.js';

const graph = importGraph();
const VENDORS = ['cpanel', 'akamai', 'twosms', 'huawei', 'slashid'];

/** The modules of `room` that import a module of one of `forbidden`, as "importer -> imported". */
function importsInto(room: RegExp, forbidden: RegExp): string[] {
  return [...graph].flatMap(([module, targets]) =>
    room.test(module) ? targets.filter((t) => forbidden.test(t)).map((t) => `${module} -> ${t}`) : [],
  );
}

describe('the layout of src/', () => {
  it('has no import cycles', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('never loads an emulator in a gateway started from a config file (only the sandbox imports them, on demand)', () => {
    const loaded = [...reachableFrom(graph, 'main.ts'), ...reachableFrom(graph, 'cli/main.ts')];
    expect(loaded).toContain('vendors/index.ts');
    expect(loaded.filter((module) => module.startsWith('emulation/') || /^vendors\/[^/]+\/emulator\//.test(module))).toEqual([]);
  });

  it('checks a config file without building the GraphQL schema (vendor modules hand their registration in, not import it)', () => {
    for (const entry of ['config.ts', 'cli/check-config.ts']) {
      const loaded = reachableFrom(graph, entry);
      expect(loaded.has('vendors/index.ts'), entry).toBe(true);
      expect(
        [...loaded].filter((module) => module === 'graphql/builder.ts' || module === 'graphql/schema.ts'),
        entry,
      ).toEqual([]);
    }
  });

  it('imports downwards: model/ nothing of the gateway, store/ nothing above it, core/ no vendor, GraphQL or HTTP code', () => {
    expect(importsInto(/^model\//, /^(?!model\/)/)).toEqual([]);
    expect(importsInto(/^store\//, /^(core|graphql|http|vendors|ops|emulation)\//)).toEqual([]);
    expect(importsInto(/^core\//, /^(graphql|http|vendors|emulation)\//)).toEqual([]);
    expect(importsInto(/^(graphql|core|store|model)\//, /^http\//)).toEqual([]);
  });

  it('keeps the emulator kit out of production rooms: only emulators and the sandbox use it', () => {
    expect(importsInto(/^(?!emulation\/|vendors\/[^/]+\/emulator\/)/, /^emulation\//)).toEqual([]);
  });

  it.each(VENDORS)('gives vendor %s the same folder template', (vendor) => {
    const files = [
      'index.ts',
      'wire.ts',
      'requests.ts',
      'errors.ts',
      'adapter.ts',
      'normalize.ts',
      'inputs.ts',
      'mutations.ts',
      'predict.ts',
      'revert.ts',
      'graphql.ts',
      'emulator/server.ts',
      'emulator/sandbox.ts',
    ];
    expect(files.filter((file) => !existsSync(join(SRC, 'vendors', vendor, file)))).toEqual([]);
  });
});
