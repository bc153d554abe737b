import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBadRequestProblem, ApiNotFoundProblem, ApiStandardProblems } from '../common/api-errors';
import { ApiExportResponse, Export, ExportChannel } from '../common/export-format';
import { SAVINGS_FORMATS, SavingsQuery, SavingsReportDto } from './dto/savings.dto';
import { savingsFileName } from './savings-report';
import { renderSavingsCsv } from './savings-report.csv';
import { renderSavingsPdf } from './savings-report.pdf';
import { SavingsService } from './savings.service';

const optionalDate = (text?: string) => (text ? new Date(text) : undefined);

@ApiTags('savings')
@Controller('savings')
export class SavingsController {
  constructor(private readonly savings: SavingsService) {}

  @Get()
  @ApiOperation({
    summary: 'M&V savings of a reporting period against a baseline version, with its uncertainty',
    description:
      "counterfactual = the baseline version's prediction for each metered interval of the reporting period; avoided = counterfactual - metered " +
      '(kWh, and % of the counterfactual), per calendar month of the machine and in total, over the intervals with both. ' +
      'uncertainty: the fractional savings uncertainty band of ASHRAE Guideline 14-2014 Annex B at confidence_level (default 90 %), ' +
      "with eemeter's FSU polynomial, from the baseline's daily residuals (CalTRACK daily: as fitted; others: scored on the baseline period). " +
      'With a CalTRACK daily baseline of b40 gas fitted on 2014 the 2015 report equals eemeter 2.10.11 (test/savings). ' +
      'cost: counterfactual, metered and avoided cost (totals and monthly *_cost) at price_per_kwh when given, else at the active ' +
      "EnMS tariffs of the machine's factory (energy_tariffs: flat, or time of use by local hour and weekday; a daily interval under " +
      'time-of-use rates at the mean hourly rate of its day); intervals no tariff covers are counted as unpriced; cost is null without a price. ' +
      "normalized=true adds `normalized`: the savings under the baseline period's conditions (CalTRACK baselines; otherwise available false with the reason). " +
      'format=pdf: the report to file (totals, uncertainty, monthly table, charts, method; kWh rounded to whole units); ' +
      'format=csv: one row per month and a total row, unrounded.',
  })
  @ApiExportResponse({
    filename: 'Building-b40-gas-boiler_savings_2015-01-01_2015-12-31.pdf',
    csv:
      'month,counterfactual_kwh,metered_kwh,avoided_kwh,avoided_pct,intervals_count\r\n' +
      '2015-01,1637803.1,1596800,41003.1,2.5035,31\r\n' +
      'total,12405530.28,11185500,1220030.28,9.8346,365\r\n',
    pdf: '%PDF-1.3 …',
    json: { type: SavingsReportDto },
  })
  @ApiStandardProblems('model')
  @ApiNotFoundProblem('active model')
  @ApiBadRequestProblem('reporting_end must be after reporting_start', 'reporting_end')
  async report(@Query() query: SavingsQuery, @Export() to: ExportChannel) {
    const report = await this.savings.report({
      machineId: query.machine_id,
      modelId: query.model_id,
      baseline: { start: optionalDate(query.baseline_start), end: optionalDate(query.baseline_end) },
      reporting: { start: new Date(query.reporting_start), end: optionalDate(query.reporting_end) },
      confidenceLevel: query.confidence_level,
      normalized: query.normalized,
      price:
        query.price_per_kwh === undefined
          ? undefined
          : { perKwh: query.price_per_kwh, currency: query.currency ?? 'EUR' },
    });
    return to.answer(query.format, SAVINGS_FORMATS, report, async (file) => ({
      name: savingsFileName(report),
      body: file === 'pdf' ? await renderSavingsPdf(report) : renderSavingsCsv(report),
    }));
  }
}
