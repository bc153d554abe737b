/**
 * Piscina worker entry: fitting is CPU-bound, so it runs in worker threads and the HTTP event
 * loop stays responsive while models train. Errors carry their name so the job records why.
 */
import { fitModel, FitInput, FitOutput } from './fit-model';

export default function fit(input: FitInput): Promise<FitOutput> {
  return fitModel(input);
}
