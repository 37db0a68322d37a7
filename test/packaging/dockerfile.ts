// A small Dockerfile reader for the packaging test: instructions (continuation lines joined, comments
// dropped) grouped into build stages, so that the test can say which stage does what.

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  /** The image of the FROM line, e.g. "${NODE_IMAGE}" or "node:20-alpine". */
  from: string;
  name: string | null;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

function instructionsOf(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const [keyword, ...rest] = full.split(/\s+/);
    instructions.push({ keyword: keyword!.toUpperCase(), args: rest.join(' ') });
  }
  return instructions;
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args.replace(/--platform=\S+\s*/, '').split(/\s+/);
      stages.push({ from: from!, name: as?.toUpperCase() === 'AS' ? name! : null, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [key, value = ''] = instruction.args.split('=');
        globalArgs[key!] = value;
      }
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The image a stage starts from, with global ARGs substituted. */
export function baseImage(file: Dockerfile, stage: Stage): string {
  return stage.from.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => file.globalArgs[(a ?? b)!] ?? '');
}

/** The variables an ENV instruction sets (both `ENV A=1 B=2` and the old `ENV A 1`). */
export function envOf(instruction: Instruction): Record<string, string> {
  if (!instruction.args.includes('=')) {
    const [key, ...value] = instruction.args.split(/\s+/);
    return { [key!]: value.join(' ') };
  }
  const vars: Record<string, string> = {};
  for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/** The exec form's arguments (`CMD ["node", "x"]`), or the shell form as one string. */
export function execArgs(instruction: Instruction): string[] {
  const exec = instruction.args.replace(/^(--\S+\s+)*(CMD\s+)?/, '');
  return exec.startsWith('[') ? (JSON.parse(exec) as string[]) : [exec];
}
