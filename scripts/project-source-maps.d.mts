// Types of project-source-maps.mjs for the tests that import it.
export interface SourceMapV3 {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
  [field: string]: unknown;
}

export function keepProjectMappings<Map extends SourceMapV3>(map: Map, folder: string, root: string): Map;
export function trimSourceMaps(folder: string, root: string): void;
