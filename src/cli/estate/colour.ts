// Whether and how the terminal output is coloured: only on a TTY, never with --no-color or NO_COLOR
// (no-color.org: set and not empty). Plain text otherwise, so that logs and pipes get no escape codes.
export interface Palette {
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  bold(text: string): string;
}

export function wantsColour(
  stream: { isTTY?: boolean },
  noColorOption: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && !noColorOption && !env.NO_COLOR;
}

const paint =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Palette = { green: paint(32, 39), yellow: paint(33, 39), red: paint(31, 39), bold: paint(1, 22) };
const PLAIN: Palette = { green: (t) => t, yellow: (t) => t, red: (t) => t, bold: (t) => t };

export function palette(colour: boolean): Palette {
  return colour ? COLOURED : PLAIN;
}
