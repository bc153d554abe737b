/**
 * The savings report as CSV: one row per month of the machine's calendar and a last row "total",
 * the JSON figures unrounded; an avoided cost column (its currency in the name) when the report
 * carries cost.
 */
import { toCsv, type CsvColumn } from '../common/csv-export';
import { reportCurrency, type SavingsReport } from './savings-report';

type SavingsRow = { month: string } & Pick<
  SavingsReport['totals'],
  'counterfactual_kwh' | 'metered_kwh' | 'avoided_kwh' | 'avoided_pct' | 'intervals' | 'avoided_cost'
>;

export function renderSavingsCsv(report: SavingsReport): string {
  const currency = reportCurrency(report);
  const columns: CsvColumn<SavingsRow>[] = [
    { header: 'month', value: (row) => row.month },
    { header: 'counterfactual_kwh', value: (row) => row.counterfactual_kwh },
    { header: 'metered_kwh', value: (row) => row.metered_kwh },
    { header: 'avoided_kwh', value: (row) => row.avoided_kwh },
    { header: 'avoided_pct', value: (row) => row.avoided_pct },
    { header: 'intervals_count', value: (row) => row.intervals },
    ...(currency
      ? [{ header: `avoided_cost_${currency}`, value: (row: SavingsRow) => row.avoided_cost }]
      : []),
  ];
  return toCsv(columns, [...report.monthly, { ...report.totals, month: 'total' }]);
}
