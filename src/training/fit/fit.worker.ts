/**
 * Piscina worker entry: fitting is CPU-bound, so it runs in worker threads and the HTTP event
 * loop stays responsive while models train. A refusal of the data (a RangeError, such as
 * InsufficientDataError) comes back as a value: thrown across the thread, structured clone would
 * turn a RangeError subclass into a plain Error, and the job would retry what can never succeed.
 */
import { fitModel, FitInput, FitOutput } from './fit-model';

export type FitResult = { output: FitOutput } | { refused: { name: string; message: string } };

export default async function fit(input: FitInput): Promise<FitResult> {
  try {
    return { output: await fitModel(input) };
  } catch (error) {
    if (error instanceof RangeError) return { refused: { name: error.name, message: error.message } };
    throw error;
  }
}
