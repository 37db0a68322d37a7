// Runs vendor calls that together make one change (create IdP, mapping, protocol, OIDC config). When a step
// fails, the steps already done are undone in reverse order, and the error says what failed, what was undone
// and what could not be, so nobody has to guess the state left at the vendor.
import { VendorError } from '../../core/errors.js';

export interface Step {
  /** What the step makes, e.g. "identity provider acme". */
  what: string;
  run(): Promise<void>;
  /** Removes what `run` made; absent when nothing is left to remove. */
  undo?(): Promise<void>;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runSteps(steps: Step[]): Promise<void> {
  const done: Step[] = [];
  for (const step of steps) {
    try {
      await step.run();
    } catch (error) {
      throw await undoAfter(step, done, error);
    }
    done.push(step);
  }
}

async function undoAfter(failed: Step, done: Step[], error: unknown): Promise<Error> {
  const undone: string[] = [];
  const leftOver: string[] = [];
  for (const step of [...done].reverse()) {
    if (!step.undo) continue;
    try {
      await step.undo();
      undone.push(step.what);
    } catch (undoError) {
      leftOver.push(`${step.what} (${reason(undoError)})`);
    }
  }
  let note = `creating the ${failed.what} failed`;
  if (undone.length) note += `; undone: deleted ${undone.join(', ')}`;
  if (leftOver.length) note += `; NOT undone, remove by hand: ${leftOver.join('; ')}`;
  if (!undone.length && !leftOver.length) note += '; nothing had been created before it';
  return annotate(error, note);
}

/** The same failure with a note on what state it left; a VendorError keeps its vendor code and status. */
export function annotate(error: unknown, note: string): Error {
  const message = `${reason(error)} [${note}]`;
  if (error instanceof VendorError) {
    return new VendorError(
      { vendor: error.vendor, httpStatus: error.httpStatus, vendorCode: error.vendorCode, retryable: error.retryable },
      message,
    );
  }
  return new Error(message, { cause: error });
}
