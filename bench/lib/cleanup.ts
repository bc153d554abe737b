/**
 * Cleanup steps (stop processes, drop databases) registered as resources are created and run in
 * reverse order at the end of a script: after success, after a failure, and on SIGINT/SIGTERM.
 */

interface Step {
  label: string;
  run: () => Promise<void> | void;
}

const steps: Step[] = [];

/** Registers a step; the returned function removes it (when the resource was released normally). */
export function onCleanup(label: string, run: () => Promise<void> | void): () => void {
  const step = { label, run };
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index >= 0) steps.splice(index, 1);
  };
}

/** Runs and removes every registered step, newest first; a failing step does not stop the others. */
export async function runCleanups(log: (line: string) => void): Promise<void> {
  while (steps.length > 0) {
    const step = steps.pop()!;
    try {
      await step.run();
    } catch (error) {
      log(`cleanup "${step.label}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function pendingCleanups(): number {
  return steps.length;
}
