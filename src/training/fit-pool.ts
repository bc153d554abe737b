/**
 * The pool of worker threads that fit models (piscina), with a heap limit per thread.
 * Running from TypeScript sources (tests), the threads load the compiled worker from dist/:
 * `npm test` builds first (pretest), so both run the same code.
 */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import Piscina from 'piscina';
import { trainingConfig } from '../config/training.config';
import type { FitInput, FitOutput } from './fit/fit-model';
import type { FitResult } from './fit/fit.worker';

/** The data refusal of a fit thread, a RangeError again on this side (isDataError: no retry, a 4xx). */
export class FitRefusedError extends RangeError {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const PROJECT_ROOT = join(__dirname, __filename.endsWith('.ts') ? '../..' : '../../..');

export function workerFile(): string {
  const compiled = join(__dirname, 'fit', 'fit.worker.js');
  if (existsSync(compiled)) return compiled;
  const fromDist = join(PROJECT_ROOT, 'dist', relative(PROJECT_ROOT, __dirname), 'fit', 'fit.worker.js');
  if (!existsSync(fromDist))
    throw new Error(`compiled fit worker not found at ${fromDist}: run \`npm run build\``);
  return fromDist;
}

@Injectable()
export class FitPool implements OnApplicationShutdown {
  private pool?: Piscina;

  constructor(@Inject(trainingConfig.KEY) private readonly config: ConfigType<typeof trainingConfig>) {}

  async run(input: FitInput, signal?: AbortSignal): Promise<FitOutput> {
    this.pool ??= new Piscina({
      filename: workerFile(),
      // The pool is created on the first fit, so only workers start threads. minThreads 0 is avoided:
      // piscina 4 then left the first task of a fresh pool undispatched (seen under jest).
      minThreads: this.config.workerConcurrency,
      maxThreads: this.config.workerConcurrency,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.config.workerMaxMemoryMb },
    });
    const result = (await this.pool.run(input, { signal })) as FitResult;
    if ('refused' in result) throw new FitRefusedError(result.refused.name, result.refused.message);
    return result.output;
  }

  /** After the runner handed its jobs back (onModuleDestroy), the threads go. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }
}
