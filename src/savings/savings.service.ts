/**
 * The M&V savings report of a baseline version: counterfactual (the version's prediction under
 * the reporting period's conditions), metered energy and avoided energy per month and in total,
 * with the fractional savings uncertainty of ASHRAE Guideline 14-2014 Annex B as eemeter computes
 * it (its FSU polynomial in place of the guideline's 1.26), at the chosen confidence.
 */
import { Injectable } from '@nestjs/common';
import { BadInputError, NoActiveVersionError } from '../common/domain-error';
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
import { completeDays, monthlySavings, savingsTotals, type SavingsInterval } from './stats/metered-savings';
import { ErrorCode } from '../common/error-codes';

export interface SavingsRequest {
  machineId: string;
  modelId?: string;
  baseline?: { start?: Date; end?: Date };
  reporting: { start: Date; end?: Date };
  confidenceLevel: number;
}

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
  ) {}

  async report(request: SavingsRequest) {
    const machine = await this.machines.get(request.machineId);
    const version = await this.baselineVersion(request);
    const dataEnd = (await this.machines.dataSummary(machine.id)).energy.last;
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
      totals,
      monthly: monthlySavings(reportingRows),
      uncertainty,
    };
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
