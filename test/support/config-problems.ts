// What parseConfig says is wrong with a config (its ConfigError's problems; none: []), for config tests.
import { ConfigError, parseConfig } from '../../src/config.js';

export function configProblems(raw: unknown, env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(raw, 'test', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
