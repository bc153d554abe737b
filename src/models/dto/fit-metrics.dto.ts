/**
 * The metrics a version reports on its training data and its holdout. The fields depend on the
 * model type (baselines: the error metrics and the Guideline 14 verdict; anomaly detectors: the
 * flag rate; forecasts: errors beside the seasonal naive benchmarks), so every field is optional.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class Guideline14LimitsDto {
  @ApiProperty({ example: 15, description: 'Maximum CV(RMSE), percent' }) cv_rmse_pct!: number;
  @ApiProperty({ example: 5, description: 'Maximum |NMBE|, percent' }) nmbe_pct!: number;
}

export class Guideline14Dto {
  @ApiProperty({
    enum: ['hour', 'day', 'month'],
    description: 'The calibration interval whose limits apply (daily models: the monthly limits)',
  })
  interval!: 'hour' | 'day' | 'month';
  @ApiProperty({ type: Guideline14LimitsDto }) limits!: Guideline14LimitsDto;
  @ApiProperty({ example: 11.4, nullable: true, type: Number }) cv_rmse_pct!: number | null;
  @ApiProperty({ example: -0.8, nullable: true, type: Number }) nmbe_pct!: number | null;
  @ApiProperty() cv_rmse_ok!: boolean;
  @ApiProperty() nmbe_ok!: boolean;
  @ApiProperty({ description: 'Both criteria met' }) passes!: boolean;
}

export class FitMetricsDto {
  @ApiPropertyOptional({ example: 365, description: 'Intervals scored' }) n?: number;
  @ApiPropertyOptional({ example: 0.853, nullable: true, type: Number }) r_squared?: number | null;
  @ApiPropertyOptional({ example: 3639.5, nullable: true, type: Number }) rmse?: number | null;
  @ApiPropertyOptional({ example: 2851.5, nullable: true, type: Number }) mae?: number | null;
  @ApiPropertyOptional({ example: 9.4, nullable: true, type: Number, description: 'Percent' })
  mape?: number | null;
  @ApiPropertyOptional({ example: 16.6, nullable: true, type: Number }) cv_rmse_pct?: number | null;
  @ApiPropertyOptional({ example: -10.8, nullable: true, type: Number }) nmbe_pct?: number | null;
  @ApiPropertyOptional({ type: Guideline14Dto, description: 'Baselines' }) guideline14?: Guideline14Dto;
  @ApiPropertyOptional({ example: 2.1, nullable: true, type: Number, description: 'Anomaly detectors' })
  anomaly_rate_pct?: number | null;
  @ApiPropertyOptional({ example: 0.82, nullable: true, type: Number, description: 'Forecasts' })
  mase?: number | null;
}
