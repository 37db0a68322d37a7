// scripts/project-source-maps.mjs: the server bundle's maps as node loads them keep the project's positions only,
// and a position in a package's code never reads as a line of ours (node looks up the nearest mapped position
// before it, across lines).
import { SourceMap } from 'node:module';
import { encode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { keepProjectMappings } from '../../scripts/project-source-maps.mjs';

type Segment = [number] | [number, number, number, number] | [number, number, number, number, number];

function mapOf(sources: string[], lines: Segment[][]) {
  return { version: 3, file: 'chunk.js', sourceRoot: '', sources, sourcesContent: [], names: ['named'], mappings: encode(lines) };
}

/** Where node's source map support puts a generated position (0-based line and column), or null when nowhere. */
function lookUp(map: ReturnType<typeof mapOf>, line: number, column: number): string | null {
  const entry = new SourceMap(map).findEntry(line, column) as { originalSource?: string; originalLine?: number };
  return entry.originalSource === undefined ? null : `${entry.originalSource}:${entry.originalLine}`;
}

describe('keepProjectMappings', () => {
  const root = '/app';
  const folder = '/app/dist/server';
  const complete = mapOf(
    ['../../src/a.ts', '../../node_modules/pkg/index.js', '../../src/b.ts'],
    [
      // line 0: ours, then the package's
      [
        [0, 0, 1, 0],
        [10, 1, 5, 0],
        [20, 1, 6, 0],
      ],
      // line 1: the package's only
      [[0, 1, 7, 0]],
      // line 2: ours (with a name), then the package's, then ours again
      [
        [2, 2, 3, 0, 0],
        [8, 1, 9, 0],
        [30, 0, 4, 2],
      ],
    ],
  );

  it('keeps our positions and sources, drops the packages', () => {
    const trimmed = keepProjectMappings(complete, folder, root);
    expect(trimmed.sources).toEqual(['../../src/a.ts', '../../src/b.ts']);
    expect(trimmed.names).toEqual(['named']);
    expect(lookUp(trimmed, 0, 3)).toBe('../../src/a.ts:1');
    expect(lookUp(trimmed, 2, 4)).toBe('../../src/b.ts:3');
    expect(lookUp(trimmed, 2, 31)).toBe('../../src/a.ts:4');
    // The same positions as the complete map gives for our code.
    for (const [line, column] of [
      [0, 3],
      [2, 4],
      [2, 31],
    ] as const)
      expect(lookUp(trimmed, line, column)).toBe(lookUp(complete, line, column));
  });

  it('leaves a package position unmapped, also on a line of its own after ours', () => {
    const trimmed = keepProjectMappings(complete, folder, root);
    expect(lookUp(complete, 0, 12)).toBe('../../node_modules/pkg/index.js:5');
    expect(lookUp(trimmed, 0, 12)).toBeNull();
    expect(lookUp(trimmed, 1, 4)).toBeNull();
    expect(lookUp(trimmed, 2, 9)).toBeNull();
  });

  it('tells packages from the project by where the sources resolve, wherever the bundle is written', () => {
    // The bench writes its bundle below node_modules/.cache: a package is then ../../../pkg, our code ../../../../src.
    const below = keepProjectMappings(
      mapOf(
        ['../../../../src/a.ts', '../../../pkg/index.js'],
        [
          [
            [0, 0, 1, 0],
            [5, 1, 2, 0],
          ],
        ],
      ),
      '/app/node_modules/.cache/bench/server',
      root,
    );
    expect(below.sources).toEqual(['../../../../src/a.ts']);
    // The gateway installed as a package: its own sources count, the packages beside it (hoisted) do not.
    const installed = keepProjectMappings(
      mapOf(
        ['../../src/a.ts', '../../../dep/index.js', '../../node_modules/nested/index.js'],
        [
          [
            [0, 0, 1, 0],
            [5, 1, 2, 0],
            [9, 2, 3, 0],
          ],
        ],
      ),
      '/srv/node_modules/idp-gateway/dist/server',
      '/srv/node_modules/idp-gateway',
    );
    expect(installed.sources).toEqual(['../../src/a.ts']);
  });

  it('keeps the contents of the sources it keeps, in their order', () => {
    const withContents = { ...complete, sourcesContent: ['a', 'pkg', 'b'] };
    expect(keepProjectMappings(withContents, folder, root).sourcesContent).toEqual(['a', 'b']);
  });

  it('changes nothing in a map of our code alone', () => {
    const ours = mapOf(
      ['../../src/a.ts'],
      [
        [
          [0, 0, 1, 0],
          [4, 0, 2, 0],
        ],
        [],
        [[1, 0, 3, 0]],
      ],
    );
    expect(keepProjectMappings(ours, folder, root)).toEqual(ours);
  });
});
