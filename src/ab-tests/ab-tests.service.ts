/**
 * A/B tests of two versions of a machine's model: both score the same metered intervals from
 * test_start on (paired design), never the intervals either was trained on, and the statistics
 * (Diebold-Mariano with a Newey-West variance as the primary test; paired t and Wilcoxon beside
 * it) decide; a test whose end has passed decides on what it has; concluding can promote the winner.
 */
import { MetricsService } from '../metrics/metrics.service';
import type { ErrorMetrics } from '../models/algorithms/error-metrics';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash } from 'node:crypto';
import {
  BadInputError,
  ConflictError,
  DomainError,
  isDataError,
  NoActiveVersionError,
  NotFoundError,
} from '../common/domain-error';
import { abTestsConfig } from '../config/ab-tests.config';
import { ModelType } from '../models/model-type';
import { UnitOfWork } from '../database/unit-of-work';
import { MachinesService } from '../machines/machines.service';
import { ModelVersion } from '../models/entities/model-version.entity';
import { ModelScoringService } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import { AbTestsRepository, AbTestFilter } from './ab-tests.repository';
import { AbDecision, AbTest } from './entities/ab-test.entity';
import { comparePairedErrors, NoWinnerReason, PairedComparison } from './stats/compare-versions';
import { defaultTestStart, pairOutsideTraining, TimeWindow, TrainingWindow } from './test-window';
import { ErrorCode } from '../common/error-codes';
import type { ServingArm } from './dto/ab-tests.dto';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Fewer pairs than this cannot feed the paired tests at all. */
const MIN_PAIRS = 3;

export interface TestComparison {
  comparison: PairedComparison | null;
  /** Paired intervals outside both training windows: the ones compared. */
  n: number;
  /** Paired intervals left out because they lie inside a version's training window. */
  excluded_training_intervals: number;
  /** The part of the test window metered so far. */
  window: TimeWindow;
  /** The test's end has passed: the answer is final. */
  ended: boolean;
}

/** The ab_test_completion tick: each ended test on its own; one that fails does not stop the others. */
export interface CompletionOutcome {
  /** Ended tests completed (with a winner, promoted or not, or without one). */
  done: number;
  /** Ended tests another replica or a person completed first. */
  skipped: number;
  /** Ended tests that could not be completed; `errors` says why. */
  failed: number;
  promoted: number;
  /** The predecessor's name for done. */
  completed: number;
  errors: { test_id: string; code: string; error: string; retried: boolean }[];
}

export interface StartRequest {
  test_name: string;
  model_type: ModelType;
  machine_id: string;
  model_a_id: string;
  model_b_id: string;
  duration_hours: number;
  traffic_split_a?: number;
  traffic_split_b?: number;
  confidence_level: number;
  test_start?: string;
  created_by: string;
}

@Injectable()
export class AbTestsService {
  private readonly logger = new Logger(AbTestsService.name);

  constructor(
    private readonly tests: AbTestsRepository,
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly scoring: ModelScoringService,
    private readonly metrics: MetricsService,
    @Inject(abTestsConfig.KEY) private readonly config: ConfigType<typeof abTestsConfig>,
    private readonly uow: UnitOfWork,
  ) {}

  async start(request: StartRequest) {
    await this.machines.get(request.machine_id);
    if (request.model_a_id === request.model_b_id) {
      throw new BadInputError(
        ErrorCode.AB_TEST_SAME_VERSION,
        'model_a_id and model_b_id must be two different versions',
        [{ field: 'model_b_id', message: 'must differ from model_a_id' }],
      );
    }
    const versionA = await this.versionOf(request, 'model_a_id');
    const versionB = await this.versionOf(request, 'model_b_id');
    const splitA =
      request.traffic_split_a ?? (request.traffic_split_b !== undefined ? 1 - request.traffic_split_b : 0.5);
    const splitB = request.traffic_split_b ?? 1 - splitA;
    if (Math.abs(splitA + splitB - 1) > 1e-9) {
      throw new BadInputError(
        ErrorCode.AB_TEST_BAD_SPLIT,
        `traffic_split_a + traffic_split_b must be 1 (got ${splitA + splitB})`,
        [{ field: 'traffic_split_b', message: 'traffic_split_a + traffic_split_b must sum to 1' }],
      );
    }
    const training = [trainingWindow(versionA), trainingWindow(versionB)];
    const now = new Date();
    let testStart = request.test_start ? new Date(request.test_start) : defaultTestStart(training, now);
    let testEnd = new Date(testStart.getTime() + request.duration_hours * HOUR_MS);
    let available;
    try {
      available = await this.refuseUnusableWindow(versionA, versionB, testStart, testEnd, now, request);
    } catch (error) {
      // No date asked for, the metered data after both trainings cannot fill the window, but
      // readings are still arriving (or none came yet): the test runs from now on, as the
      // predecessor's always did, on data neither version has seen. History that stopped long ago
      // would never fill it: that stays a 422.
      if (
        request.test_start ||
        !(error instanceof DomainError) ||
        error.code !== ErrorCode.AB_TEST_NO_UNSEEN_DATA
      )
        throw error;
      const newest = await this.machines.lastEnergyReading(request.machine_id);
      const flowing =
        newest === null ||
        now.getTime() - newest.getTime() <= Math.max(DAY_MS, request.duration_hours * HOUR_MS);
      if (!flowing) throw error;
      testStart = now;
      testEnd = new Date(now.getTime() + request.duration_hours * HOUR_MS);
      available = await this.refuseUnusableWindow(versionA, versionB, testStart, testEnd, now, request);
    }
    const test = await this.tests.insertRunning({
      test_name: request.test_name,
      model_type: request.model_type,
      machine_id: request.machine_id,
      model_a_id: versionA.id,
      model_a_version: versionA.version,
      model_b_id: versionB.id,
      model_b_version: versionB.version,
      test_start: testStart,
      test_end: testEnd,
      traffic_split_a: splitA,
      traffic_split_b: splitB,
      confidence_level: request.confidence_level,
      created_by: request.created_by,
    });
    return {
      test_id: test.id,
      status: test.test_status,
      test_start: test.test_start,
      test_end: test.test_end,
      // The predecessor's sentence first: its callers read "Will run for N hours".
      message:
        `A/B test started. Will run for ${request.duration_hours} hours: v${versionA.version} (${Math.round(splitA * 100)} %) against v${versionB.version} (${Math.round(splitB * 100)} %) ` +
        `from ${testStart.toISOString()} until ${testEnd.toISOString()}; ${available.n} metered intervals outside both training windows so far` +
        (available.excluded_training_intervals > 0
          ? ` (${available.excluded_training_intervals} inside a version's training window are not compared)`
          : ''),
      paired_intervals_available: available.n,
      excluded_training_intervals: available.excluded_training_intervals,
      training_windows: { model_a: training[0], model_b: training[1] },
    };
  }

  /**
   * A test must be able to compare: both versions scorable on the window (ARIMA versions, for
   * one, are not scored on later windows), and a window that has already ended must hold enough
   * metered intervals outside both training windows; a window still open may get them as data
   * arrives. Otherwise the start is refused (422) saying why, instead of a test that waits forever
   * and blocks every other test of the machine and model type.
   */
  private async refuseUnusableWindow(
    versionA: ModelVersion,
    versionB: ModelVersion,
    start: Date,
    end: Date,
    now: Date,
    request: StartRequest,
  ): Promise<{ n: number; excluded_training_intervals: number }> {
    const field = request.test_start ? 'test_start' : 'duration_hours';
    let paired;
    try {
      paired = await this.pairedIntervals(versionA, versionB, start, end);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.EVALUATION_UNSUPPORTED) {
        throw new DomainError(
          ErrorCode.AB_TEST_UNSCORABLE,
          422,
          `these versions cannot be compared: ${error.message}`,
          [{ field: 'model_type', message: 'versions of this model type are not scored on later windows' }],
        );
      }
      throw error;
    }
    const n = paired.actual.length;
    if (end <= now && n < MIN_PAIRS) {
      const dataEnd = await this.machines.lastEnergyReading(request.machine_id);
      throw new DomainError(
        ErrorCode.AB_TEST_NO_UNSEEN_DATA,
        422,
        `the test window ${start.toISOString()} .. ${end.toISOString()} has ended and holds ${n} metered intervals ` +
          `both versions can be scored on outside their training windows (v${versionA.version} trained on ` +
          `${describeWindow(trainingWindow(versionA))}, v${versionB.version} on ${describeWindow(trainingWindow(versionB))}; ` +
          `metered data ends ${dataEnd?.toISOString() ?? 'nowhere: none'}); at least ${MIN_PAIRS} are needed: ` +
          `choose a window after both training windows and within the metered data`,
        [{ field, message: `the window holds ${n} usable intervals, at least ${MIN_PAIRS} needed` }],
      );
    }
    return { n, excluded_training_intervals: paired.excluded_training_intervals };
  }

  private async versionOf(request: StartRequest, field: 'model_a_id' | 'model_b_id'): Promise<ModelVersion> {
    const version = await this.models.get(request[field], field);
    if (version.machine_id !== request.machine_id || version.model_type !== request.model_type) {
      throw new BadInputError(
        ErrorCode.AB_TEST_FOREIGN_VERSION,
        `${field} is not a ${request.model_type} version of machine ${request.machine_id}`,
        [{ field, message: `not a ${request.model_type} version of this machine` }],
      );
    }
    return version;
  }

  async get(id: string): Promise<AbTest> {
    const test = await this.tests.findById(id);
    if (!test) throw new NotFoundError('A/B test', id, 'test_id');
    return test;
  }

  list(filter: AbTestFilter) {
    return this.tests.list(filter);
  }

  active() {
    return this.tests.active();
  }

  /**
   * Scores both versions on the test's metered intervals so far, leaves out those inside either
   * version's training window, and compares the rest pair by pair.
   */
  async compare(test: AbTest, now = new Date()): Promise<TestComparison> {
    const [versionA, versionB] = [
      await this.models.get(test.model_a_id),
      await this.models.get(test.model_b_id),
    ];
    const lastReading = await this.machines.lastEnergyReading(test.machine_id);
    const dataEnd = lastReading ? new Date(lastReading.getTime() + 1) : test.test_start;
    const end = new Date(
      Math.min(test.test_end?.getTime() ?? now.getTime(), dataEnd.getTime(), now.getTime()),
    );
    const window = { start: test.test_start, end };
    // Completed or cancelled tests get no more data, whatever their end says.
    const ended =
      test.test_status === 'completed' ||
      test.test_status === 'cancelled' ||
      (test.test_end !== null && test.test_end <= now);
    const empty = { comparison: null, n: 0, excluded_training_intervals: 0, window, ended };
    if (!(end > test.test_start)) return empty;
    const paired = await this.pairedIntervals(versionA, versionB, test.test_start, end);
    const n = paired.actual.length;
    const base = { ...empty, n, excluded_training_intervals: paired.excluded_training_intervals };
    if (n < MIN_PAIRS) return base;
    const comparison = comparePairedErrors(
      paired.actual,
      paired.expectedA,
      paired.expectedB,
      test.confidence_level,
      {
        ended,
      },
    );
    return { ...base, comparison };
  }

  private async pairedIntervals(versionA: ModelVersion, versionB: ModelVersion, start: Date, end: Date) {
    if (!(end > start)) return pairOutsideTraining([], [], []);
    const [scoreA, scoreB] = await Promise.all([
      this.scoring.scoreWindow(versionA, start, end).then((score) => score.scored, noDataToEmpty),
      this.scoring.scoreWindow(versionB, start, end).then((score) => score.scored, noDataToEmpty),
    ]);
    return pairOutsideTraining(scoreA, scoreB, [trainingWindow(versionA), trainingWindow(versionB)]);
  }

  /**
   * An arm's figures in the predecessor's shape (r_squared, rmse, mae, sample_count, all numbers):
   * from the paired intervals when there are enough, else, as the predecessor did, the mean of the
   * metrics recorded for the version during the test; with nothing recorded the predecessor's zeros
   * with sample_count 0. `basis` says which.
   */
  private async armMetrics(test: AbTest, modelId: string, paired: ErrorMetrics | undefined, n: number) {
    if (paired) return { ...paired, sample_count: n, basis: 'paired_intervals' };
    const recorded = await this.metrics.recordedAverages(
      modelId,
      test.test_start,
      test.test_end ?? new Date(),
    );
    return {
      r_squared: recorded.r_squared ?? 0,
      rmse: recorded.rmse ?? 0,
      mae: recorded.mae ?? 0,
      sample_count: recorded.sample_count,
      basis: recorded.sample_count > 0 ? 'recorded_metrics' : 'none',
    };
  }

  async results(id: string) {
    const test = await this.get(id);
    const compared = await this.compare(test);
    const { comparison, n, window, ended } = compared;
    if (comparison) {
      await this.tests.transition(test.id, ['running', 'completed'], {
        model_a_metrics: comparison.model_a_metrics,
        model_b_metrics: comparison.model_b_metrics,
        statistical_significance: comparison.p_value,
      });
    }
    const reason: NoWinnerReason | null = comparison
      ? comparison.no_winner_reason
      : n === 0 && ended
        ? 'no_unseen_data'
        : 'too_few_pairs';
    return {
      test_id: test.id,
      test_name: test.test_name,
      model_a_version: test.model_a_version,
      model_b_version: test.model_b_version,
      winner: comparison?.winner ?? 'no_winner',
      confidence: comparison?.confidence ?? 0,
      model_a_metrics: await this.armMetrics(test, test.model_a_id, comparison?.model_a_metrics, n),
      model_b_metrics: await this.armMetrics(test, test.model_b_id, comparison?.model_b_metrics, n),
      recommendation: comparison?.recommendation ?? tooFewPairs(compared),
      status: test.test_status,
      test_end: test.test_end,
      ended,
      no_winner_reason: reason,
      decision: test.decision,
      sample_count: n,
      excluded_training_intervals: compared.excluded_training_intervals,
      window,
      confidence_level: test.confidence_level,
      p_value: comparison?.p_value ?? null,
      mean_abs_error_difference: comparison?.mean_abs_error_difference ?? null,
      confidence_interval: comparison ? { low: comparison.ci_low, high: comparison.ci_high } : null,
      diebold_mariano_hac: comparison?.diebold_mariano_hac ?? null,
      diebold_mariano: comparison?.diebold_mariano ?? null,
      autocorrelation: comparison?.autocorrelation ?? null,
      paired_t_p_value: comparison?.paired_t.p_value ?? null,
      paired_t_caveat: comparison?.paired_t.caveat ?? null,
      wilcoxon_p_value: comparison?.wilcoxon.p_value ?? null,
      wilcoxon_caveat: comparison?.wilcoxon.caveat ?? null,
      min_samples: comparison?.min_samples ?? null,
      samples_still_needed:
        comparison?.min_samples != null && !ended ? Math.max(0, comparison.min_samples - n) : null,
    };
  }

  async cancel(id: string, by: string): Promise<AbTest> {
    await this.get(id);
    const done = await this.tests.transition(id, ['planned', 'running'], {
      test_status: 'cancelled',
      decided_by: by,
      decided_at: new Date(),
      decision_notes: 'cancelled',
    });
    if (!done) throw new ConflictError(ErrorCode.AB_TEST_NOT_RUNNING, `A/B test ${id} is no longer running`);
    return this.get(id);
  }

  /**
   * Records the decision and, for promote_a/promote_b, activates that version through the model
   * registry, in one unit of work: of two concurrent concludes exactly one decides and activates.
   */
  async conclude(id: string, decision: AbDecision, notes: string | null, by: string): Promise<AbTest> {
    const test = await this.get(id);
    const promoted =
      decision === 'promote_a' ? test.model_a_id : decision === 'promote_b' ? test.model_b_id : null;
    await this.uow.run(async () => {
      const decided = await this.tests.decide(id, {
        decision,
        decision_notes: notes,
        decided_by: by,
        decided_at: new Date(),
        ...(promoted ? { winner_model_id: promoted, winner_declared_at: new Date() } : {}),
      });
      if (!decided) {
        const now = await this.get(id);
        throw new ConflictError(
          ErrorCode.AB_TEST_ALREADY_DECIDED,
          `A/B test ${id} is ${now.decision ? `already decided (${now.decision})` : now.test_status}`,
        );
      }
      if (promoted) await this.models.activate(promoted, by, `A/B test "${test.test_name}": ${decision}`);
    });
    return this.get(id);
  }

  /**
   * The scheduled job: completes each test whose end has passed, on its own. The ended test
   * decides on what it has: a significant winner is promoted when AB_TEST_AUTO_PROMOTE is on (or
   * recorded for a person to conclude), no winner is recorded as decision no_winner with the
   * reason. A test that cannot be scored (a domain error, or the RangeError the algorithms throw
   * on a version they cannot use: it never will be) is completed for manual review with the error;
   * any other error (the database, or a bug) is logged with its stack and leaves it running for the
   * next tick. Either way the other tests go on, and the tick's outcome counts done, skipped and failed.
   */
  async completeDue(now = new Date()): Promise<CompletionOutcome> {
    const outcome: CompletionOutcome = {
      done: 0,
      skipped: 0,
      failed: 0,
      promoted: 0,
      completed: 0,
      errors: [],
    };
    for (const test of await this.tests.dueForCompletion(now)) {
      try {
        const result = await this.completeOne(test, now);
        if (result === 'skipped') outcome.skipped++;
        else {
          outcome.done++;
          if (result === 'promoted') outcome.promoted++;
        }
      } catch (error) {
        outcome.failed++;
        const permanent = isDataError(error);
        const code =
          error instanceof DomainError ? error.code : error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        outcome.errors.push({ test_id: test.id, code, error: message, retried: !permanent });
        if (permanent) this.logger.warn({ err: error, test_id: test.id }, 'A/B test cannot be scored');
        else
          this.logger.error(
            { err: error, test_id: test.id },
            'A/B test could not be completed; retried next tick',
          );
        // Counted and listed either way; a database that refuses this write too is logged, not fatal to the tick.
        if (permanent) {
          await this.recordUnscorable(test, code, message, now).catch((recordError: unknown) =>
            this.logger.error(
              { err: recordError, test_id: test.id },
              'could not record the A/B test failure',
            ),
          );
        }
      }
    }
    outcome.completed = outcome.done;
    return outcome;
  }

  private async completeOne(test: AbTest, now: Date): Promise<'done' | 'promoted' | 'skipped'> {
    const compared = await this.compare(test, now);
    const { comparison } = compared;
    const winner = comparison?.winner ?? 'no_winner';
    const recommendation = comparison?.recommendation ?? tooFewPairs(compared);
    const metadata = {
      ...(test.metadata ?? {}),
      result: {
        winner,
        no_winner_reason: comparison
          ? comparison.no_winner_reason
          : compared.n === 0
            ? 'no_unseen_data'
            : 'too_few_pairs',
        sample_count: compared.n,
        excluded_training_intervals: compared.excluded_training_intervals,
        recommendation,
      },
    };
    const measured = {
      statistical_significance: comparison?.p_value ?? null,
      ...(comparison
        ? { model_a_metrics: comparison.model_a_metrics, model_b_metrics: comparison.model_b_metrics }
        : {}),
      metadata,
    };
    if (winner !== 'no_winner' && this.config.autoPromote) {
      await this.uow.run(async () => {
        await this.tests.transition(test.id, ['running'], measured);
        await this.conclude(
          test.id,
          winner === 'model_a' ? 'promote_a' : 'promote_b',
          `automatic: ${recommendation}`,
          'scheduler',
        );
      });
      this.logger.log({ test_id: test.id, winner }, 'A/B test completed and its winner promoted');
      return 'promoted';
    }
    const winnerId = winner === 'model_a' ? test.model_a_id : winner === 'model_b' ? test.model_b_id : null;
    const completed = await this.tests.transition(test.id, ['running'], {
      ...measured,
      test_status: 'completed',
      ...(winnerId
        ? { winner_model_id: winnerId, winner_declared_at: now }
        : {
            decision: 'no_winner',
            decision_notes: recommendation,
            decided_by: 'scheduler',
            decided_at: now,
          }),
    });
    if (!completed) return 'skipped';
    this.logger.log({ test_id: test.id, winner }, 'A/B test completed');
    return 'done';
  }

  /** A test that can never be scored is closed for a person to review, with the error on it. */
  private async recordUnscorable(test: AbTest, code: string, message: string, now: Date): Promise<void> {
    await this.tests.transition(test.id, ['running'], {
      test_status: 'completed',
      decision: 'manual_review',
      decision_notes: `could not be completed: ${message}`,
      decided_by: 'scheduler',
      decided_at: now,
      metadata: {
        ...(test.metadata ?? {}),
        completion_error: { code, error: message, at: now.toISOString() },
      },
    });
  }

  /**
   * Predictions for a machine and window from the version that serves the caller: the active one,
   * or, while a test runs, A or B by the traffic split on a stable hash of the caller's key. An
   * explicit `arm` overrides the split: 'active' is the active version even while a test runs.
   */
  async serve(
    machineId: string,
    modelType: ModelType,
    start: Date,
    end: Date,
    key: string | undefined,
    arm?: ServingArm,
  ) {
    await this.machines.get(machineId);
    const running = await this.tests.runningFor(machineId, modelType);
    if (!running && (arm === 'model_a' || arm === 'model_b'))
      throw new BadInputError(
        ErrorCode.AB_TEST_NOT_RUNNING,
        `no ${modelType} A/B test is running for machine ${machineId}: there is no ${arm} to serve`,
        [{ field: 'arm', message: 'omit it or pass active: no A/B test is running' }],
      );
    let servedBy: ServingArm = 'active';
    let version: ModelVersion | null;
    if (running && arm !== 'active') {
      servedBy = arm ?? assignArm(key ?? '', running.id, running.traffic_split_a);
      version = await this.models.get(servedBy === 'model_a' ? running.model_a_id : running.model_b_id);
    } else {
      version = await this.models.findActive(machineId, modelType);
      if (!version) throw new NoActiveVersionError(modelType, machineId, 'model_type');
    }
    // The answer shows the forecast's prediction interval where the model has one.
    const score = await this.scoring.scoreWindow(version, start, end, { intervals: true });
    return {
      machine_id: machineId,
      model_type: modelType,
      model_id: version.id,
      model_version: version.version,
      served_by: servedBy,
      ab_test_id: running?.id ?? null,
      interval_level: score.interval_level,
      predictions: score.scored.map((row) => ({
        time: row.time,
        local_time: row.start,
        expected_kwh: row.expected_kwh,
        actual_kwh: row.actual_kwh,
        ...(row.is_anomaly !== undefined
          ? { is_anomaly: row.is_anomaly, anomaly_score: row.anomaly_score }
          : {}),
        ...(row.lower_kwh !== undefined ? { lower_kwh: row.lower_kwh, upper_kwh: row.upper_kwh } : {}),
      })),
    };
  }
}

/** Stable assignment: the same key always gets the same arm of the same test. */
export function assignArm(key: string, testId: string, splitA: number): 'model_a' | 'model_b' {
  const digest = createHash('sha256').update(`${testId}:${key}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < splitA ? 'model_a' : 'model_b';
}

function trainingWindow(version: ModelVersion): TrainingWindow {
  return { start: version.training_data_start, end: version.training_data_end };
}

function describeWindow(window: TrainingWindow): string {
  const day = (date: Date | null) => date?.toISOString() ?? 'unknown';
  return `${day(window.start)} .. ${day(window.end)}`;
}

/** The answer while there are too few pairs: wait while the test runs, no winner once it has ended. */
function tooFewPairs(compared: TestComparison): string {
  const counted =
    `${compared.n} paired intervals outside both training windows` +
    (compared.excluded_training_intervals > 0
      ? ` (${compared.excluded_training_intervals} inside a version's training window left out)`
      : '');
  return compared.ended
    ? `The test has ended. No winner: ${counted}, at least ${MIN_PAIRS} needed: keep the active version.`
    : `Not enough metered intervals yet (${counted}, at least ${MIN_PAIRS} needed): keep the test running.`;
}

function noDataToEmpty(error: unknown): [] {
  if (error instanceof DomainError && error.code === ErrorCode.EVALUATION_NO_DATA) return [];
  throw error;
}
