/**
 * The savings report as the exports read it: the fields of SavingsService.report() they print.
 * Cost is optional (absent or null where no tariff applies), so the renderers work with reports
 * with and without it.
 */
import { exportName, localDays } from '../common/export-format';
import type { MonthlySavings, SavingsTotals } from './stats/metered-savings';
import type { SavingsCost } from './savings.service';

export type SavingsReportCost = Pick<
  SavingsCost,
  'currency' | 'source' | 'tariffs' | 'unpriced_intervals' | 'reason'
>;

export interface SavingsReport {
  machine_name: string;
  timezone: string;
  model_version: number;
  algorithm: string;
  method: string;
  energy_type: string | null;
  reporting_period: { start: Date; end: Date };
  totals: SavingsTotals & {
    counterfactual_cost?: number | null;
    metered_cost?: number | null;
    avoided_cost?: number | null;
  };
  monthly: (MonthlySavings & { avoided_cost?: number | null })[];
  uncertainty: {
    confidence_level: number;
    method: string;
    fsu_band_kwh: number | null;
    fsu_pct_of_savings: number | null;
    reason: string | null;
    baseline_period?: { start: Date | null; end: Date | null };
    savings_low_kwh?: number;
    savings_high_kwh?: number;
  };
  cost?: SavingsReportCost | null;
}

/** The report's currency when it carries cost, else null. */
export const reportCurrency = (report: SavingsReport): string | null => report.cost?.currency ?? null;

/** A period [start, end) as its first and last local day (the end is exclusive, the printed day inclusive). */
export function localPeriod(period: { start: Date; end: Date }, timezone: string): string {
  return localDays(period, timezone).join(' to ');
}

/** The exports' file name: machine, "savings" and the reporting period's local days. */
export function savingsFileName(report: SavingsReport): string {
  return exportName(report.machine_name, 'savings', ...localDays(report.reporting_period, report.timezone));
}
