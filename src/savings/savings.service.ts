/**
 * The M&V savings report of a baseline version: counterfactual (the version's prediction under
 * the reporting period's conditions), metered energy and avoided energy per month and in total,
 * with the fractional savings uncertainty of ASHRAE Guideline 14-2014 Annex B as eemeter computes
 * it (its FSU polynomial in place of the guideline's 1.26), at the chosen confidence.
 */
import { Injectable } from '@nestjs/common';
import { BadInputError, isDataError, NoActiveVersionError } from '../common/domain-error';
import { MachinesService } from '../machines/machines.service';
import type { BaselineParams } from '../models/algorithms/baseline';
import type { ModelVersion } from '../models/entities/model-version.entity';
import { ModelScoringService, type ScoredInterval } from '../models/model-scoring.service';
import { ModelsService } from '../models/models.service';
import {
  baselineResidualSummary,
  fractionalSavingsUncertainty,
  savingsErrorBands,
  type BaselineResidualSummary,
} from './stats/fractional-savings-uncertainty';
import {
  completeDays,
  intervalsByMonth,
  monthlySavings,
  savingsTotals,
  type SavingsInterval,
} from './stats/metered-savings';
import { savingsCost, type CostTotals, type Tariff } from './stats/tariff-cost';
import { TariffsRepository } from './tariffs.repository';
import { toEnergyInterval } from '../models/algorithms/energy-interval';
import { FitPool } from '../training/fit-pool';
import type { ResolvedSpec } from '../training/training-spec';
import { ErrorCode } from '../common/error-codes';

export interface SavingsRequest {
  machineId: string;
  modelId?: string;
  baseline?: { start?: Date; end?: Date };
  reporting: { start: Date; end?: Date };
  confidenceLevel: number;
  /** Also the savings normalised to the baseline period's conditions (CalTRACK baselines). */
  normalized?: boolean;
  /** A flat price the caller gives; it takes the place of the factory's tariffs. */
  price?: { perKwh: number; currency: string };
}

/** How the report was priced: by whose tariffs, in which currency, and what no tariff covered. */
export interface SavingsCost {
  source: 'request' | 'energy_tariffs';
  tariffs: string[];
  currency: string | null;
  unpriced_intervals: number;
  unpriced_metered_kwh: number;
  /** Why there are no costs although tariffs exist; null when priced. */
  reason: string | null;
}

type Costs = Omit<CostTotals, 'unpriced_intervals' | 'unpriced_metered_kwh'>;

const METHODS: Record<string, string> = {
  caltrack_daily: 'CalTRACK 2.0 daily (balance-point HDD/CDD model, as eemeter 2.10.11)',
  caltrack_hourly: 'CalTRACK 2.0 hourly (time of week and temperature, occupancy, monthly segments)',
  ols: 'Ordinary least squares on the drivers (ASHRAE Guideline 14 regression baseline)',
  enms_linear_regression: "The EnMS's own linear baseline (energy_baselines)",
};

@Injectable()
export class SavingsService {
  constructor(
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly scoring: ModelScoringService,
    private readonly tariffs: TariffsRepository,
    private readonly fits: FitPool,
  ) {}

  async report(request: SavingsRequest) {
    const machine = await this.machines.get(request.machineId);
    const version = await this.baselineVersion(request);
    const dataEnd = await this.machines.lastEnergyReading(machine.id);
    const reporting = {
      start: request.reporting.start,
      end: request.reporting.end ?? (dataEnd ? new Date(dataEnd.getTime() + 1) : request.reporting.start),
    };
    if (!(reporting.end > reporting.start)) {
      throw new BadInputError(ErrorCode.SAVINGS_BAD_WINDOW, 'reporting_end must be after reporting_start', [
        { field: 'reporting_end', message: 'must be after reporting_start (or metered data after it)' },
      ]);
    }
    const reportingRows = toSavingsIntervals(
      (await this.scoring.scoreWindow(version, reporting.start, reporting.end)).scored,
    );
    const totals = savingsTotals(reportingRows);
    const algorithm = (version.parameters as { algorithm?: string }).algorithm ?? version.algorithm;
    const uncertainty = await this.uncertainty(version, request, reportingRows, totals.avoided_kwh);
    const priced = await this.priced(machine.id, request, reportingRows);
    const normalized = request.normalized
      ? await this.normalizedSavings(version, request, reporting)
      : undefined;
    return {
      machine_id: machine.id,
      machine_name: machine.name,
      timezone: machine.timezone,
      model_id: version.id,
      model_version: version.version,
      algorithm,
      method: METHODS[algorithm] ?? algorithm,
      energy_type: (version.hyperparameters as { energy_type?: string }).energy_type ?? null,
      reporting_period: reporting,
      totals: { ...totals, ...priced?.total },
      monthly: monthlySavings(reportingRows).map((month) => ({
        ...month,
        ...priced?.byMonth.get(month.month),
      })),
      uncertainty,
      cost: priced?.cost ?? null,
      ...(normalized ? { normalized } : {}),
    };
  }

  /**
   * Normalised savings (IPMVP's savings under fixed conditions): the baseline's model form fitted
   * again on the reporting period, then both models predict the baseline period's conditions;
   * savings = the baseline model's sum - the reporting model's sum over the intervals both predict.
   * Only for CalTRACK baselines, whose form the method fixes: an OLS version's features were chosen
   * on its own data, and refitting them on another period would not be the same model.
   */
  private async normalizedSavings(
    version: ModelVersion,
    request: SavingsRequest,
    reporting: { start: Date; end: Date },
  ) {
    const algorithm = (version.parameters as { algorithm?: string }).algorithm ?? version.algorithm;
    if (!isCaltrack(algorithm)) {
      return {
        available: false,
        reason: `normalised savings need a CalTRACK baseline (this one is ${algorithm})`,
      };
    }
    const period = {
      start: request.baseline?.start ?? version.training_data_start,
      end: request.baseline?.end ?? version.training_data_end,
    };
    if (!period.start || !period.end) {
      return {
        available: false,
        reason: "the version's training window is unknown: give baseline_start and baseline_end",
      };
    }
    const reportingIntervals = (await this.scoring.loadWindow(version, reporting.start, reporting.end)).map(
      toEnergyInterval,
    );
    const spec = { ...(version.hyperparameters as unknown as ResolvedSpec), algorithm };
    let refit;
    try {
      refit = await this.fits.run({ spec, training: reportingIntervals, validation: reportingIntervals });
    } catch (error) {
      if (!isDataError(error)) throw error;
      throw new BadInputError(
        ErrorCode.SAVINGS_REPORTING_TOO_SHORT,
        `the reporting period cannot be modelled: ${(error as Error).message}`,
        [
          {
            field: 'reporting_start',
            message: 'the reporting period holds too little data to fit the baseline model on it',
          },
        ],
      );
    }
    const reportingModel: ModelVersion = {
      ...version,
      parameters: refit.parameters,
      feature_names: refit.feature_names,
    };
    const [baselineScore, reportingScore] = await Promise.all([
      this.scoring.scoreWindow(version, period.start, period.end),
      this.scoring.scoreWindow(reportingModel, period.start, period.end),
    ]);
    const reportingExpected = new Map(reportingScore.scored.map((row) => [row.start, row.expected_kwh]));
    let baselineKwh = 0;
    let reportingKwh = 0;
    let intervals = 0;
    for (const row of baselineScore.scored) {
      const other = reportingExpected.get(row.start);
      if (row.expected_kwh === null || other === null || other === undefined) continue;
      baselineKwh += row.expected_kwh;
      reportingKwh += other;
      intervals++;
    }
    const savings = baselineKwh - reportingKwh;
    return {
      available: true,
      reason: null,
      conditions: 'the baseline period',
      period,
      baseline_model_kwh: baselineKwh,
      reporting_model_kwh: reportingKwh,
      normalized_savings_kwh: savings,
      normalized_savings_pct: baselineKwh !== 0 ? (100 * savings) / baselineKwh : null,
      intervals,
      reporting_model_fit: refit.training_metrics,
    };
  }

  /**
   * Costs of the report's energy at the caller's flat price, else at the EnMS tariffs of the
   * machine's factory; null when neither exists.
   */
  private async priced(machineId: string, request: SavingsRequest, rows: SavingsInterval[]) {
    const pricing = await this.pricing(machineId, request, rows);
    if (!pricing) return null;
    const names = pricing.tariffs.map((tariff) => tariff.name);
    const currencies = [...new Set(pricing.tariffs.map((tariff) => tariff.currency))];
    if (currencies.length > 1) {
      const reason = `the tariffs are in several currencies (${currencies.join(', ')})`;
      const cost: SavingsCost = {
        source: pricing.source,
        tariffs: names,
        currency: null,
        unpriced_intervals: 0,
        unpriced_metered_kwh: 0,
        reason,
      };
      return { cost, total: undefined, byMonth: new Map<string, Costs>() };
    }
    const { unpriced_intervals, unpriced_metered_kwh, ...total } = savingsCost(pricing.tariffs, rows);
    const byMonth = new Map<string, Costs>(
      intervalsByMonth(rows).map(([month, monthRows]) => [
        month,
        costsOf(savingsCost(pricing.tariffs, monthRows)),
      ]),
    );
    const cost: SavingsCost = {
      source: pricing.source,
      tariffs: names,
      currency: currencies[0],
      unpriced_intervals,
      unpriced_metered_kwh,
      reason: null,
    };
    return { cost, total, byMonth };
  }

  private async pricing(
    machineId: string,
    request: SavingsRequest,
    rows: SavingsInterval[],
  ): Promise<{ source: SavingsCost['source']; tariffs: Tariff[] } | null> {
    if (request.price) {
      const flat: Tariff = {
        name: 'price_per_kwh',
        rate_per_kwh: request.price.perKwh,
        currency: request.price.currency,
        is_time_of_use: false,
        start_hour: null,
        end_hour: null,
        applicable_days: null,
        valid_from: '0001-01-01',
        valid_to: null,
      };
      return { source: 'request', tariffs: [flat] };
    }
    const days = rows.map((row) => row.start.slice(0, 10)).sort();
    if (days.length === 0) return null;
    const tariffs = await this.tariffs.forMachine(machineId, days[0], days[days.length - 1]);
    return tariffs.length > 0 ? { source: 'energy_tariffs', tariffs } : null;
  }

  private async baselineVersion(request: SavingsRequest): Promise<ModelVersion> {
    const version = request.modelId
      ? await this.models.get(request.modelId)
      : await this.models.findActive(request.machineId, 'baseline');
    if (!version) throw new NoActiveVersionError('baseline', request.machineId, 'model_id');
    if (version.machine_id !== request.machineId || version.model_type !== 'baseline') {
      throw new BadInputError(
        ErrorCode.SAVINGS_NOT_A_BASELINE,
        `model ${version.id} is not a baseline of machine ${request.machineId}`,
        [{ field: 'model_id', message: 'must be a baseline version of this machine' }],
      );
    }
    return version;
  }

  /**
   * The FSU band at the confidence level, from the baseline's daily residuals: those a CalTRACK
   * daily version stored when it was fitted, else the version scored on the baseline period (its
   * training window unless asked otherwise) as daily totals. Null with the reason where the
   * method has none (CalTRACK hourly: eemeter defines no hourly band either).
   */
  private async uncertainty(
    version: ModelVersion,
    request: SavingsRequest,
    reportingRows: SavingsInterval[],
    avoided: number,
  ) {
    const params = version.parameters as unknown as
      | BaselineParams
      | { algorithm: string; feature_names: string[] };
    const base = {
      confidence_level: request.confidenceLevel,
      method: 'ASHRAE Guideline 14-2014 Annex B on daily data, with eemeter 2.10.11 FSU polynomial',
    };
    if (params.algorithm === 'caltrack_hourly') {
      return {
        ...base,
        fsu_band_kwh: null,
        fsu_pct_of_savings: null,
        reason: 'no savings uncertainty is defined for hourly models',
      };
    }
    const summary = await this.residualSummary(version, request, params);
    const bands = savingsErrorBands(summary.residuals, completeDays(reportingRows).observed, {
      confidence_level: request.confidenceLevel,
    });
    if (!bands) {
      return {
        ...base,
        fsu_band_kwh: null,
        fsu_pct_of_savings: null,
        reason: 'the baseline residuals admit no band (constant use or residuals)',
      };
    }
    const fsu = fractionalSavingsUncertainty(bands.fsu_error_band, avoided);
    return {
      ...base,
      baseline_period: summary.period,
      fsu_band_kwh: bands.fsu_error_band,
      fsu_pct_of_savings: fsu === null ? null : 100 * fsu,
      ols_band_kwh: bands.ols_error_band,
      savings_low_kwh: avoided - bands.fsu_error_band,
      savings_high_kwh: avoided + bands.fsu_error_band,
      terms: bands.terms,
      reason: null,
    };
  }

  private async residualSummary(
    version: ModelVersion,
    request: SavingsRequest,
    params: BaselineParams | { algorithm: string; feature_names: string[] },
  ): Promise<{ residuals: BaselineResidualSummary; period: { start: Date | null; end: Date | null } }> {
    const start = request.baseline?.start ?? version.training_data_start;
    const end = request.baseline?.end ?? version.training_data_end;
    if ('residuals' in params && !request.baseline?.start && !request.baseline?.end) {
      return { residuals: params.residuals, period: { start, end } };
    }
    if (!start || !end) {
      throw new BadInputError(
        ErrorCode.SAVINGS_NO_BASELINE_PERIOD,
        `the version's training window is unknown: give baseline_start and baseline_end`,
        [{ field: 'baseline_start', message: 'required for this version' }],
      );
    }
    const days = completeDays(
      toSavingsIntervals((await this.scoring.scoreWindow(version, start, end)).scored),
    );
    const slopes = slopeCount(params);
    try {
      return {
        residuals: baselineResidualSummary(days.observed, days.predicted, slopes),
        period: { start, end },
      };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new BadInputError(
        ErrorCode.SAVINGS_BASELINE_TOO_SHORT,
        `the baseline period holds too few complete days: ${error.message}`,
        [{ field: 'baseline_start', message: error.message }],
      );
    }
  }
}

const isCaltrack = (algorithm: string): algorithm is 'caltrack_daily' | 'caltrack_hourly' =>
  algorithm === 'caltrack_daily' || algorithm === 'caltrack_hourly';

function costsOf({ counterfactual_cost, metered_cost, avoided_cost }: CostTotals): Costs {
  return { counterfactual_cost, metered_cost, avoided_cost };
}

/** Model slopes (p of the FSU, intercept not counted): OLS coefficients or an external model's features. */
function slopeCount(params: object): number {
  if ('coefficients' in params && Array.isArray(params.coefficients)) return params.coefficients.length;
  if ('feature_names' in params && Array.isArray(params.feature_names)) return params.feature_names.length;
  return 0;
}

function toSavingsIntervals(scored: ScoredInterval[]): SavingsInterval[] {
  return scored.map((row) => ({
    start: row.start,
    metered_kwh: row.actual_kwh,
    counterfactual_kwh: row.expected_kwh,
  }));
}
