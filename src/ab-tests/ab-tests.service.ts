/**
 * A/B tests of two versions of a machine's model: both score the same metered intervals from
 * test_start on (paired design), and the statistics (Diebold-Mariano with the HLN correction as
 * the primary test, paired t, Wilcoxon) decide; concluding can promote the winner.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/domain-error';
import { abTestsConfig } from '../config/ab-tests.config';
import { ModelType } from '../database/columns';
import { MachinesService } from '../machines/machines.service';
import { ModelVersion } from '../models/entities/model-version.entity';
import { ModelScoringService } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import { AbTestsRepository, AbTestFilter, ONE_RUNNING_TEST_INDEX } from './ab-tests.repository';
import { AbDecision, AbTest } from './entities/ab-test.entity';
import { comparePairedErrors, PairedComparison } from './stats/compare-versions';

const HOUR_MS = 3_600_000;
/** Fewer pairs than this cannot feed the paired tests at all. */
const MIN_PAIRS = 3;

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
    @Inject(abTestsConfig.KEY) private readonly config: ConfigType<typeof abTestsConfig>,
  ) {}

  async start(request: StartRequest) {
    await this.machines.get(request.machine_id);
    if (request.model_a_id === request.model_b_id) {
      throw new BadInputError(
        'AB_TEST.SAME_VERSION',
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
        'AB_TEST.BAD_SPLIT',
        `traffic_split_a + traffic_split_b must be 1 (got ${splitA + splitB})`,
        [{ field: 'traffic_split_b', message: 'traffic_split_a + traffic_split_b must sum to 1' }],
      );
    }
    const testStart = request.test_start ? new Date(request.test_start) : new Date();
    const testEnd = new Date(testStart.getTime() + request.duration_hours * HOUR_MS);
    try {
      const test = await this.tests.insert({
        test_name: request.test_name,
        model_type: request.model_type,
        machine_id: request.machine_id,
        model_a_id: versionA.id,
        model_a_version: versionA.version,
        model_b_id: versionB.id,
        model_b_version: versionB.version,
        test_start: testStart,
        test_end: testEnd,
        test_status: 'running',
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
        message: `A/B test started: v${versionA.version} (${Math.round(splitA * 100)} %) against v${versionB.version} (${Math.round(splitB * 100)} %) until ${testEnd.toISOString()}`,
      };
    } catch (error) {
      const driver =
        error instanceof QueryFailedError
          ? (error.driverError as { code?: string; constraint?: string })
          : null;
      if (driver?.code === '23505' && driver.constraint === ONE_RUNNING_TEST_INDEX) {
        throw new ConflictError(
          'AB_TEST.ALREADY_RUNNING',
          `an A/B test of this machine's ${request.model_type} model is already running`,
        );
      }
      throw error;
    }
  }

  private async versionOf(request: StartRequest, field: 'model_a_id' | 'model_b_id'): Promise<ModelVersion> {
    const version = await this.models.get(request[field], field);
    if (version.machine_id !== request.machine_id || version.model_type !== request.model_type) {
      throw new BadInputError(
        'AB_TEST.FOREIGN_VERSION',
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

  /** Scores both versions on the test's metered intervals so far and compares them pair by pair. */
  async compare(
    test: AbTest,
  ): Promise<{ comparison: PairedComparison | null; n: number; window: { start: Date; end: Date } }> {
    const [versionA, versionB] = [
      await this.models.get(test.model_a_id),
      await this.models.get(test.model_b_id),
    ];
    const summary = await this.machines.dataSummary(test.machine_id);
    const dataEnd = summary.energy.last ? new Date(summary.energy.last.getTime() + 1) : test.test_start;
    const end = new Date(Math.min(test.test_end?.getTime() ?? Date.now(), dataEnd.getTime(), Date.now()));
    const window = { start: test.test_start, end };
    if (!(end > test.test_start)) return { comparison: null, n: 0, window };
    const [scoreA, scoreB] = await Promise.all([
      this.scoring.scoreWindow(versionA, test.test_start, end).then((score) => score.scored, noDataToEmpty),
      this.scoring.scoreWindow(versionB, test.test_start, end).then((score) => score.scored, noDataToEmpty),
    ]);
    const expectedB = new Map(scoreB.map((row) => [row.start, row.expected_kwh]));
    const pairs = scoreA.filter((row) => row.expected_kwh !== null && expectedB.get(row.start) != null);
    if (pairs.length < MIN_PAIRS) return { comparison: null, n: pairs.length, window };
    const comparison = comparePairedErrors(
      pairs.map((row) => row.actual_kwh),
      pairs.map((row) => row.expected_kwh!),
      pairs.map((row) => expectedB.get(row.start)!),
      test.confidence_level,
    );
    return { comparison, n: pairs.length, window };
  }

  async results(id: string) {
    const test = await this.get(id);
    const { comparison, n, window } = await this.compare(test);
    if (comparison) {
      await this.tests.transition(test.id, ['running', 'completed'], {
        model_a_metrics: comparison.model_a_metrics,
        model_b_metrics: comparison.model_b_metrics,
        statistical_significance: comparison.p_value,
      });
    }
    return {
      test_id: test.id,
      test_name: test.test_name,
      model_a_version: test.model_a_version,
      model_b_version: test.model_b_version,
      winner: comparison?.winner ?? 'no_winner',
      confidence: comparison?.confidence ?? 0,
      model_a_metrics: comparison?.model_a_metrics ?? null,
      model_b_metrics: comparison?.model_b_metrics ?? null,
      recommendation:
        comparison?.recommendation ??
        `Not enough metered intervals yet (${n} paired, at least ${MIN_PAIRS} needed): keep the test running.`,
      status: test.test_status,
      decision: test.decision,
      sample_count: n,
      window,
      confidence_level: test.confidence_level,
      p_value: comparison?.p_value ?? null,
      mean_abs_error_difference: comparison?.mean_abs_error_difference ?? null,
      confidence_interval: comparison ? { low: comparison.ci_low, high: comparison.ci_high } : null,
      diebold_mariano: comparison?.diebold_mariano ?? null,
      paired_t_p_value: comparison?.paired_t.p_value ?? null,
      wilcoxon_p_value: comparison?.wilcoxon.p_value ?? null,
      min_samples: comparison?.min_samples ?? null,
      samples_still_needed: comparison?.min_samples != null ? Math.max(0, comparison.min_samples - n) : null,
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
    if (!done) throw new ConflictError('AB_TEST.NOT_RUNNING', `A/B test ${id} is no longer running`);
    return this.get(id);
  }

  /** Records the decision; promote_a/promote_b activate that version through the model registry. */
  async conclude(id: string, decision: AbDecision, notes: string | null, by: string): Promise<AbTest> {
    const test = await this.get(id);
    if (test.test_status === 'cancelled' || test.decision !== null) {
      throw new ConflictError(
        'AB_TEST.ALREADY_DECIDED',
        `A/B test ${id} is ${test.decision ? `already decided (${test.decision})` : 'cancelled'}`,
      );
    }
    const promoted =
      decision === 'promote_a' ? test.model_a_id : decision === 'promote_b' ? test.model_b_id : null;
    if (promoted) await this.models.activate(promoted, by, `A/B test "${test.test_name}": ${decision}`);
    const recorded = await this.tests.transition(id, ['running', 'completed'], {
      test_status: 'completed',
      decision,
      decision_notes: notes,
      decided_by: by,
      decided_at: new Date(),
      ...(promoted ? { winner_model_id: promoted, winner_declared_at: new Date() } : {}),
    });
    if (!recorded)
      throw new DomainError('AB_TEST.CHANGED', 409, `A/B test ${id} changed while it was being concluded`);
    return this.get(id);
  }

  /** The scheduled job: completes tests whose end has passed; promotes a significant winner when configured. */
  async completeDue(now = new Date()): Promise<{ completed: number; promoted: number }> {
    const outcome = { completed: 0, promoted: 0 };
    for (const test of await this.tests.dueForCompletion(now)) {
      const { comparison } = await this.compare(test);
      const winner = comparison?.winner ?? 'no_winner';
      if (this.config.autoPromote && winner !== 'no_winner') {
        await this.conclude(
          test.id,
          winner === 'model_a' ? 'promote_a' : 'promote_b',
          `automatic: p = ${comparison!.p_value.toExponential(2)}`,
          'scheduler',
        );
        outcome.promoted++;
      } else {
        await this.tests.transition(test.id, ['running'], {
          test_status: 'completed',
          statistical_significance: comparison?.p_value ?? null,
          ...(comparison
            ? { model_a_metrics: comparison.model_a_metrics, model_b_metrics: comparison.model_b_metrics }
            : {}),
        });
      }
      outcome.completed++;
      this.logger.log({ test_id: test.id, winner }, 'A/B test completed');
    }
    return outcome;
  }

  /**
   * Predictions for a machine and window from the version that serves the caller: the active one,
   * or, while a test runs, A or B by the traffic split on a stable hash of the caller's key.
   */
  async serve(machineId: string, modelType: ModelType, start: Date, end: Date, key: string | undefined) {
    await this.machines.get(machineId);
    const running = await this.tests.runningFor(machineId, modelType);
    let servedBy: 'active' | 'model_a' | 'model_b' = 'active';
    let version: ModelVersion | null;
    if (running) {
      servedBy = assignArm(key ?? '', running.id, running.traffic_split_a);
      version = await this.models.get(servedBy === 'model_a' ? running.model_a_id : running.model_b_id);
    } else {
      version = await this.models.findActive(machineId, modelType);
      if (!version) throw new NotFoundError(`active ${modelType} model of machine`, machineId, 'model_type');
    }
    const score = await this.scoring.scoreWindow(version, start, end);
    return {
      machine_id: machineId,
      model_type: modelType,
      model_id: version.id,
      model_version: version.version,
      served_by: servedBy,
      ab_test_id: running?.id ?? null,
      predictions: score.scored.map((row) => ({
        time: row.time,
        local_time: row.start,
        expected_kwh: row.expected_kwh,
        actual_kwh: row.actual_kwh,
        ...(row.is_anomaly !== undefined
          ? { is_anomaly: row.is_anomaly, anomaly_score: row.anomaly_score }
          : {}),
      })),
    };
  }
}

/** Stable assignment: the same key always gets the same arm of the same test. */
export function assignArm(key: string, testId: string, splitA: number): 'model_a' | 'model_b' {
  const digest = createHash('sha256').update(`${testId}:${key}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < splitA ? 'model_a' : 'model_b';
}

function noDataToEmpty(error: unknown): [] {
  if (error instanceof DomainError && error.code === 'EVALUATION.NO_DATA') return [];
  throw error;
}
