// `apply -f`'s question before it writes anything: asked on the terminal only, and only the answer "yes" goes on.
import { createInterface } from 'node:readline/promises';

export const CONFIRM_QUESTION = "Apply these changes? Only 'yes' is accepted: ";

/** Whether the person at the terminal typed exactly "yes" (the question goes to stderr: stdout stays the plan). */
export async function confirmApply(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<boolean> {
  const prompt = createInterface({ input, output, terminal: false });
  try {
    const answer = await Promise.race([
      prompt.question(CONFIRM_QUESTION),
      // Input that ends (Ctrl-D) without a line is a no.
      new Promise<string>((resolve) => prompt.once('close', () => resolve(''))),
    ]);
    return answer.trim() === 'yes';
  } finally {
    prompt.close();
  }
}
