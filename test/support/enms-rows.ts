/**
 * The rows of the EnMS fixture, as the EnMS and the predecessor write them: 06-seed-data's
 * factories, machines, status, tariffs, carbon factors and audit entry; 07's energy sources; EnMS
 * anomalies and audit entries; 70 days of readings for one machine written the EnMS's way (energy
 * type 'electrical', power_kw and energy_kwh on every reading, every 15 minutes although the
 * machine's data_interval_seconds says 10); the EnMS baseline service's energy_baselines rows; and,
 * with the predecessor, its jobs (a stuck one among them), metrics, A/B test and alerts.
 *
 * Every time is relative to `enms_fixture.now` (a session setting the builder sets), so that the
 * predecessor's rows fall in the windows its endpoints read (30 days of trend, a running test).
 */
export const IDS = {
  factory: '11111111-1111-1111-1111-111111111111',
  factoryEu: '22222222-2222-2222-2222-222222222222',
  compressor: 'c0000000-0000-0000-0000-000000000001',
  /** The machine with readings: HVAC-Main, data_interval_seconds 10, read every 15 minutes. */
  machine: 'c0000000-0000-0000-0000-000000000002',
  electricity: 'e5000000-0000-4000-8000-000000000001',
  baselineV1: 'eb000000-0000-4000-8000-000000000001',
  /** with-predecessor only. */
  baselineV2: 'eb000000-0000-4000-8000-000000000002',
  jobV1: 'a1000000-0000-4000-8000-000000000001',
  jobV2: 'a1000000-0000-4000-8000-000000000002',
  failedJob: 'a1000000-0000-4000-8000-000000000003',
  stuckJob: 'a1000000-0000-4000-8000-000000000004',
  abTest: 'a3000000-0000-4000-8000-000000000001',
  openAlert: 'a4000000-0000-4000-8000-000000000001',
  resolvedAlert: 'a4000000-0000-4000-8000-000000000002',
  enmsAnomaly: 'e6000000-0000-4000-8000-000000000001',
} as const;

export const READING_DAYS = 70;
export const READING_SPACING_MINUTES = 15;
export const AB_TEST_NAME = 'HVAC-Main baseline v1 vs v2';

const T = `current_setting('enms_fixture.now')::timestamptz`;
const HOUR = `date_trunc('hour', ${T})`;

const SEED = [
  `INSERT INTO factories (id, name, location, address, timezone, contact_email, metadata) VALUES
     ('${IDS.factory}', 'Demo Manufacturing Plant', 'Silicon Valley, CA, USA',
      '1234 Industrial Parkway, San Jose, CA 95131', 'America/Los_Angeles', 'operations@demoplant.com',
      '{"industry": "manufacturing", "size": "medium", "employees": 250}'),
     ('${IDS.factoryEu}', 'European Production Facility', 'Munich, Germany',
      'Industriestraße 45, 80331 München, Germany', 'Europe/Berlin', 'facility@europlant.eu',
      '{"industry": "automotive", "size": "large", "employees": 500}')`,
  `INSERT INTO machines (id, factory_id, name, description, type, manufacturer, model, serial_number,
       installation_date, rated_power_kw, rated_voltage_v, rated_current_a, rated_frequency_hz,
       location_in_factory, data_interval_seconds, mqtt_topic, is_active, is_critical) VALUES
     ('${IDS.compressor}', '${IDS.factory}', 'Compressor-1', 'Main air compressor for production line', 'compressor',
      'Atlas Copco', 'GA 55 VSD', 'AC2024-001', '2023-01-15', 55.0, 400.0, 79.3, 50.0,
      'Compressor Room - West Wing', 1, 'factory/demo/compressor-1', TRUE, TRUE),
     ('${IDS.machine}', '${IDS.factory}', 'HVAC-Main', 'Central HVAC system for entire facility', 'hvac',
      'Carrier', 'AquaEdge 23XRV', 'CAR2023-HVAC-001', '2022-06-20', 150.0, 400.0, 216.5, 50.0,
      'Rooftop - Central', 10, 'factory/demo/hvac-main', TRUE, TRUE),
     ('c0000000-0000-0000-0000-000000000003', '${IDS.factory}', 'Conveyor-A', 'Main assembly line conveyor belt motor',
      'motor', 'SEW-EURODRIVE', 'DRS 90L4', 'SEW2023-MOT-045', '2023-03-10', 22.0, 400.0, 31.7, 50.0,
      'Production Floor - Line A', 10, 'factory/demo/conveyor-a', TRUE, FALSE),
     ('c0000000-0000-0000-0000-000000000004', '${IDS.factory}', 'Hydraulic-Pump-1', 'Hydraulic power unit for press machines',
      'pump', 'Bosch Rexroth', 'A10VSO 140', 'BRX2022-PMP-078', '2022-11-05', 45.0, 400.0, 64.9, 50.0,
      'Press Section - Bay 3', 30, 'factory/demo/hydraulic-pump-1', TRUE, TRUE),
     ('c0000000-0000-0000-0000-000000000005', '${IDS.factory}', 'Injection-Molding-1',
      'Large injection molding machine for plastic parts', 'injection_molding', 'Arburg', 'Allrounder 820 S',
      'ARB2023-INJ-012', '2023-05-18', 120.0, 400.0, 173.2, 50.0, 'Molding Department - Cell 1', 30,
      'factory/demo/injection-molding-1', TRUE, TRUE),
     ('c0000000-0000-0000-0000-000000000008', '${IDS.factory}', 'Boiler-1', 'Industrial steam boiler for heating',
      'boiler', 'Viessmann', 'Vitomax 200-LW', 'VIE2024-BOI-001', '2024-01-10', 45.0, 400.0, 64.9, 50.0,
      'Boiler Room - East Wing', 30, 'factory/DemoPlant/Boiler-1', TRUE, FALSE),
     ('c0000000-0000-0000-0000-000000000006', '${IDS.factoryEu}', 'Compressor-EU-1', 'Primary screw compressor',
      'compressor', 'Kaeser', 'DSG 90', 'KAE2023-EU-001', '2023-02-12', 90.0, 400.0, 129.9, 50.0,
      'Compressor Station - Building B', 1, 'factory/europe/compressor-1', TRUE, TRUE),
     ('c0000000-0000-0000-0000-000000000007', '${IDS.factoryEu}', 'HVAC-EU-North', 'North wing climate control',
      'hvac', 'Daikin', 'EWAD-TZ-C', 'DAI2022-EU-HVAC-N', '2022-08-30', 200.0, 400.0, 288.7, 50.0,
      'North Wing - Rooftop', 10, 'factory/europe/hvac-north', TRUE, TRUE)`,
  `INSERT INTO machine_status (machine_id, is_running, current_mode, current_power_kw, operating_hours_total,
       energy_total_kwh, production_total_units, alert_level, health_score, last_updated)
     SELECT id, FALSE, 'offline', 0.0, 0.0, 0.0, 0, 'normal', 100.0, ${T} - interval '${READING_DAYS} days' FROM machines`,
  `INSERT INTO energy_tariffs (factory_id, name, description, rate_per_kwh, currency, is_time_of_use,
       start_hour, end_hour, applicable_days, valid_from, is_active) VALUES
     ('${IDS.factory}', 'Peak Hours Rate', 'Weekday peak hours (9 AM - 9 PM)', 0.25, 'USD', TRUE, 9, 21,
      ARRAY[1, 2, 3, 4, 5], '2024-01-01', TRUE),
     ('${IDS.factory}', 'Off-Peak Rate', 'Nights and weekends', 0.10, 'USD', TRUE, 21, 9,
      ARRAY[0, 1, 2, 3, 4, 5, 6], '2024-01-01', TRUE)`,
  `INSERT INTO energy_tariffs (factory_id, name, description, rate_per_kwh, currency, is_time_of_use, valid_from, is_active)
     VALUES ('${IDS.factoryEu}', 'Standard Industrial Rate', 'Fixed rate for industrial customers', 0.18, 'EUR', FALSE,
             '2024-01-01', TRUE)`,
  `INSERT INTO carbon_factors (region, grid_name, emission_factor_kg_co2_per_kwh, source, valid_from, is_active) VALUES
     ('US-California', 'CAISO', 0.22, 'EPA eGRID 2023', '2024-01-01', TRUE),
     ('Germany', 'Germany National Grid', 0.35, 'European Environment Agency 2023', '2024-01-01', TRUE),
     ('default', 'Global Average', 0.45, 'IEA 2023 Global Average', '2024-01-01', TRUE)`,
  `INSERT INTO audit_log (timestamp, event_type, entity_type, action, metadata)
     VALUES (${T} - interval '${READING_DAYS + 1} days', 'database_initialization', 'system', 'seed_data_completed',
             jsonb_build_object('factories_created', 2, 'machines_created', 8,
                                'timestamp', ${T} - interval '${READING_DAYS + 1} days'))`,
  `INSERT INTO energy_sources (id, name, unit, cost_per_unit, carbon_factor, description) VALUES
     ('${IDS.electricity}', 'electricity', 'kWh', 0.15, 0.450000, 'Electrical power from grid'),
     ('e5000000-0000-4000-8000-000000000002', 'natural_gas', 'm³', 0.50, 2.030000, 'Natural gas for heating/boilers'),
     ('e5000000-0000-4000-8000-000000000003', 'compressed_air', 'Nm³', 0.03, 0.120000, 'Compressed air for pneumatic systems'),
     ('e5000000-0000-4000-8000-000000000004', 'steam', 'kg', 0.08, 0.350000, 'Process steam')`,
];

/**
 * Energy, production and weather of HVAC-Main every 15 minutes: power = 30 kW + 0.1 kW per unit
 * produced in the quarter hour - 0.6 kW per °C outdoors + noise, so that an hourly regression of
 * energy on total_production_count and avg_outdoor_temp_c has the coefficients 0.025 and -0.6.
 */
const READINGS = `
  WITH steps AS (
    SELECT i, ${HOUR} - interval '${READING_DAYS} days' + i * interval '${READING_SPACING_MINUTES} minutes' AS t
      FROM generate_series(0, ${(READING_DAYS * 24 * 60) / READING_SPACING_MINUTES - 1}) AS i
  ), drivers AS (
    SELECT i, t,
           round((10 + 8 * sin(2 * pi() * (extract(hour FROM t) + extract(minute FROM t) / 60 - 9) / 24)
                     + 3 * sin(2 * pi() * i / (96 * 23.0)))::numeric, 2) AS temp,
           CASE WHEN extract(isodow FROM t) <= 5 AND extract(hour FROM t) BETWEEN 6 AND 21
                THEN 120 + (i * 37) % 61 ELSE (i * 13) % 7 END AS units,
           ((i * 7919) % 1000) / 1000.0 - 0.5 AS noise
      FROM steps
  )
  SELECT i, t, temp, units, round((30 + 0.1 * units - 0.6 * temp + 2 * noise)::numeric, 3) AS power_kw FROM drivers`;

const MACHINE_READINGS = [
  `INSERT INTO energy_readings (time, machine_id, energy_type, power_kw, energy_kwh, voltage_v, current_a,
       power_factor, frequency_hz, quality_score, source)
     SELECT t, '${IDS.machine}', 'electrical', power_kw, round(power_kw * ${READING_SPACING_MINUTES} / 60.0, 6), 400.0,
            round(power_kw * 1000 / (sqrt(3) * 400 * 0.92)::numeric, 2), 0.9200, 50.000, 1.0, 'sensor'
       FROM (${READINGS}) r`,
  `INSERT INTO production_data (time, machine_id, production_count, production_count_good, production_count_bad,
       throughput_units_per_hour, operating_mode, speed_percent, shift)
     SELECT t, '${IDS.machine}', units, units - units / 50, units / 50, units * ${60 / READING_SPACING_MINUTES},
            CASE WHEN units > 10 THEN 'running' ELSE 'idle' END::operating_mode,
            CASE WHEN units > 10 THEN 92.5 ELSE 0 END, CASE WHEN extract(hour FROM t) < 14 THEN 'A' ELSE 'B' END
       FROM (${READINGS}) r`,
  `INSERT INTO environmental_data (time, machine_id, outdoor_temp_c, indoor_temp_c, outdoor_humidity_percent,
       indoor_humidity_percent, supply_air_temp_c, return_air_temp_c)
     SELECT t, '${IDS.machine}', temp, 21.50, 60.00, 45.00, 14.00, 22.00 FROM (${READINGS}) r`,
  `UPDATE machine_status SET is_running = TRUE, current_mode = 'running', current_power_kw = 31.250,
       last_reading_time = ${HOUR} - interval '${READING_SPACING_MINUTES} minutes', last_updated = ${HOUR}
     WHERE machine_id = '${IDS.machine}'`,
];

/** The EnMS's own rows in its anomalies, audit_log and ISO 50001 tables. */
const ENMS_ACTIVITY = [
  `INSERT INTO anomalies (id, machine_id, detected_at, anomaly_type, severity, metric_name, metric_value,
       expected_value, deviation_percent, deviation_std_dev, detection_method, confidence_score, created_at, metadata)
     VALUES ('${IDS.enmsAnomaly}', '${IDS.machine}', ${T} - interval '6 days', 'power_spike', 'warning', 'power_kw',
             58.420000, 31.100000, 87.85, 4.12, 'isolation_forest', 0.8700, ${T} - interval '6 days',
             '{"model_version": 3, "contamination": 0.1}')`,
  `INSERT INTO anomalies (machine_id, detected_at, anomaly_type, severity, metric_name, metric_value, expected_value,
       deviation_percent, detection_method, confidence_score, is_resolved, resolved_at, resolution_notes, created_at)
     VALUES ('${IDS.machine}', ${T} - interval '30 days', 'overconsumption', 'critical', 'energy_kwh', 19.500000,
             8.200000, 137.80, 'z_score', 0.9900, TRUE, ${T} - interval '29 days', 'Damper stuck open, repaired',
             ${T} - interval '30 days')`,
  `INSERT INTO audit_log (timestamp, event_type, entity_type, entity_id, user_id, system_component, action,
       old_values, new_values, ip_address, user_agent)
     VALUES (${T} - interval '40 days', 'model_training', 'energy_baseline', '${IDS.baselineV1}', 'admin',
             'analytics-service', 'create', NULL, '{"model_version": 1, "r_squared": 0.9712}', '10.0.0.12',
             'python-httpx/0.27')`,
  `INSERT INTO seus (name, description, energy_source_id, machine_ids, baseline_year, baseline_start_date,
       baseline_end_date, regression_coefficients, intercept, feature_columns, r_squared, rmse, mae, trained_at, trained_by)
     VALUES ('HVAC-Main electricity', 'Central HVAC', '${IDS.electricity}', ARRAY['${IDS.machine}'::uuid], 2025,
             '2025-01-01', '2025-12-31', '{"avg_outdoor_temp_c": -14.4, "total_production_count": 0.025}', 720.000000,
             ARRAY['avg_outdoor_temp_c', 'total_production_count'], 0.9420, 12.5000, 9.8000,
             ${T} - interval '40 days', 'seu-baseline-service')`,
  `INSERT INTO seu_energy_performance (seu_id, report_period, period_start, period_end, baseline_year,
       actual_consumption, expected_consumption, deviation_kwh, deviation_percent, compliance_status,
       generated_by, heating_degree_days, cusum_deviation, data_completeness_percent, enpi_value, enpi_unit)
     SELECT id, '2025-Q3', '2025-07-01', '2025-09-30', 2025, 65120.5000, 66800.0000, -1679.5000, -2.51, 'compliant',
            'enpi-tracker', 12.40, -2.51, 99.20, 0.412000, 'kWh/unit' FROM seus`,
  `INSERT INTO baseline_adjustments (seu_id, adjustment_date, adjustment_type, adjustment_reason, old_baseline_year,
       new_baseline_year, adjustment_factor, approved_by, approved_at)
     SELECT id, '2025-06-01', 'equipment_upgrade', 'Variable speed drive fitted on the supply fan', 2024, 2025,
            0.9200, 'energy.manager', '2025-06-02 09:00:00+00' FROM seus`,
  `INSERT INTO data_quality_log (check_date, machine_id, missing_data_percent, outlier_count, correlation_score,
       overall_score, issues)
     VALUES ((${T} - interval '1 day')::date, '${IDS.machine}', 0.00, 2, 0.81, 0.97, ARRAY['two power outliers'])`,
  `INSERT INTO model_performance_history (model_type, model_id, machine_id, metric_name, metric_value, evaluated_at, metadata)
     VALUES ('baseline', '${IDS.baselineV1}', '${IDS.machine}', 'r_squared', 0.9712, ${T} - interval '40 days',
             '{"source": "baseline_service"}')`,
];

/** A row as the EnMS baseline service's save_baseline_model writes it (coefficients: a JSON object by feature). */
export function enmsBaseline(
  id: string,
  version: number,
  coefficients: string,
  intercept: number,
  r2: number,
  active: boolean,
  machine: string = IDS.machine,
) {
  const trainedDaysAgo = version === 1 ? 40 : 10;
  return `INSERT INTO energy_baselines (id, machine_id, energy_source_id, model_name, model_type, model_version,
       training_start_date, training_end_date, training_samples, coefficients, intercept, feature_names,
       r_squared, rmse, mae, is_active, trained_by, created_at)
     VALUES ('${id}', '${machine}', '${IDS.electricity}', 'baseline_v${version}', 'linear_regression', ${version},
             ${HOUR} - interval '${trainedDaysAgo + 30} days', ${HOUR} - interval '${trainedDaysAgo} days', 720,
             '${coefficients}', ${intercept}, ARRAY['total_production_count', 'avg_outdoor_temp_c'],
             ${r2}, 0.581000, 0.463000, ${active}, 'analytics-service', ${T} - interval '${trainedDaysAgo} days')`;
}

export function enmsRows(state: 'base' | 'with-predecessor'): string[] {
  return [
    ...SEED,
    ...MACHINE_READINGS,
    ...ENMS_ACTIVITY,
    enmsBaseline(
      IDS.baselineV1,
      1,
      '{"total_production_count": 0.025, "avg_outdoor_temp_c": -0.6}',
      30,
      0.9712,
      state === 'base',
    ),
  ];
}

const MOCK_METADATA = `'{"mock": true, "training_method": "simulated", "performance_improvement": 5.2, "hyperparameters": {"learning_rate": 0.001, "epochs": 100}}'`;

/** The mock's made-up metrics, improving with each version (R² + 0.01, RMSE - 0.5, ...). */
const mock = (value: number) => value.toFixed(4);

/** A job the predecessor's trigger inserted and its mock execute_training completed 8 s later. */
function mockCompletedJob(id: string, version: number, daysAgo: number) {
  const start = `${T} - interval '${daysAgo} days'`;
  const end = `${start} + interval '8 seconds'`;
  return [
    `INSERT INTO model_training_history (id, model_type, machine_id, model_version, training_start, training_end,
         training_duration_seconds, training_status, training_data_start, training_data_end, training_samples,
         trigger_type, triggered_by, created_at, metadata)
       VALUES ('${id}', 'baseline', '${IDS.machine}', ${version}, ${start}, ${end}, 8, 'completed',
               ${start} - interval '90 days', ${start}, 1000, 'manual', 'api', ${start}, ${MOCK_METADATA})`,
    // execute_training's mock metrics row: model_id is the job's id.
    `INSERT INTO model_performance_metrics (id, model_id, model_type, machine_id, model_version, evaluation_date,
         evaluation_start, evaluation_end, r_squared, rmse, mae, mape, drift_detected, drift_score, sample_count,
         data_completeness, created_at)
       VALUES ('${id.replace('a1', 'a2')}', '${id}', 'baseline', '${IDS.machine}', ${version}, ${end},
               ${end} - interval '7 days', ${end}, ${mock(0.85 + version * 0.01)}, ${mock(15 - version * 0.5)},
               ${mock(10 - version * 0.3)}, ${mock(8.5 - version * 0.2)}, FALSE, 0.1, 1000, 0.95, ${end})`,
  ];
}

interface RecordedMetric {
  id: string;
  baseline: string;
  version: number;
  daysAgo: number;
  r2: number;
  rmse: number;
  mae: number;
  mape: number;
  driftScore: number;
}

/**
 * A row as POST /metrics/record inserted it: sample_count counts the window's energy readings,
 * data_completeness divides it by one expected reading per 10 minutes, drift is |ΔR²|/R² against
 * the model's first 30 days with threshold 0.1.
 */
function recordedMetric(m: RecordedMetric) {
  const end = `${HOUR} - interval '${m.daysAgo} days'`;
  const metrics = JSON.stringify({ r_squared: m.r2, rmse: m.rmse, mae: m.mae, mape: m.mape });
  return `INSERT INTO model_performance_metrics (id, model_id, model_type, machine_id, model_version, evaluation_date,
       evaluation_start, evaluation_end, sample_count, metrics, r_squared, rmse, mae, mape, drift_detected,
       drift_score, drift_threshold, data_completeness, created_at)
     SELECT '${m.id}', '${m.baseline}', 'baseline', '${IDS.machine}', ${m.version}, ${end} + interval '5 minutes',
            ${end} - interval '7 days', ${end}, n, '${metrics}', ${m.r2}, ${m.rmse}, ${m.mae}, ${m.mape},
            ${m.driftScore > 0.1}, ${m.driftScore}, 0.1, round(n / 1008.0, 4), ${end} + interval '5 minutes'
       FROM (SELECT count(*)::int AS n FROM energy_readings
              WHERE machine_id = '${IDS.machine}' AND time >= ${end} - interval '7 days' AND time <= ${end}) c`;
}

const metric = (n: number) => `a2000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

/** The EnMS baseline service's second training of HVAC-Main (with-predecessor has it from the start). */
export const ENMS_BASELINE_V2 = enmsBaseline(
  IDS.baselineV2,
  2,
  '{"total_production_count": 0.0251, "avg_outdoor_temp_c": -0.598}',
  29.95,
  0.9731,
  true,
);

/** Makes a session able to run the rows' statements outside the builder (times relative to now). */
export const SET_FIXTURE_NOW = `SELECT set_config('enms_fixture.now', now()::text, true)`;

export const PREDECESSOR_ROWS: readonly string[] = [
  ENMS_BASELINE_V2,
  ...mockCompletedJob(IDS.jobV1, 1, 20),
  ...mockCompletedJob(IDS.jobV2, 2, 10),
  `INSERT INTO model_training_history (id, model_type, machine_id, training_start, training_end, training_status,
       training_data_start, training_data_end, error_message, trigger_type, triggered_by, created_at)
     VALUES ('${IDS.failedJob}', 'anomaly', '${IDS.machine}', ${T} - interval '5 days',
             ${T} - interval '5 days' + interval '31 minutes', 'failed', ${T} - interval '95 days', ${T} - interval '5 days',
             'Job timed out - exceeded 30 minute limit', 'manual', 'api', ${T} - interval '5 days')`,
  // Marked running by execute_training, then the process died: never completed, never cleaned.
  `INSERT INTO model_training_history (id, model_type, machine_id, training_start, training_status,
       training_data_start, training_data_end, trigger_type, triggered_by, created_at)
     VALUES ('${IDS.stuckJob}', 'baseline', '${IDS.machine}', ${T} - interval '3 hours', 'running',
             ${T} - interval '3 hours' - interval '90 days', ${T} - interval '3 hours', 'manual', 'api',
             ${T} - interval '3 hours')`,
  recordedMetric({
    id: metric(11),
    baseline: IDS.baselineV1,
    version: 1,
    daysAgo: 25,
    r2: 0.87,
    rmse: 2.1,
    mae: 1.6,
    mape: 4.9,
    driftScore: 0,
  }),
  recordedMetric({
    id: metric(12),
    baseline: IDS.baselineV1,
    version: 1,
    daysAgo: 18,
    r2: 0.86,
    rmse: 2.2,
    mae: 1.7,
    mape: 5.1,
    driftScore: 0.011494,
  }),
  recordedMetric({
    id: metric(13),
    baseline: IDS.baselineV1,
    version: 1,
    daysAgo: 11,
    r2: 0.85,
    rmse: 2.3,
    mae: 1.7,
    mape: 5.3,
    driftScore: 0.017341,
  }),
  recordedMetric({
    id: metric(14),
    baseline: IDS.baselineV1,
    version: 1,
    daysAgo: 4,
    r2: 0.71,
    rmse: 3.4,
    mae: 2.6,
    mape: 7.9,
    driftScore: 0.174419,
  }),
  recordedMetric({
    id: metric(15),
    baseline: IDS.baselineV2,
    version: 2,
    daysAgo: 5,
    r2: 0.89,
    rmse: 1.9,
    mae: 1.5,
    mape: 4.5,
    driftScore: 0,
  }),
  recordedMetric({
    id: metric(16),
    baseline: IDS.baselineV2,
    version: 2,
    daysAgo: 2,
    r2: 0.9,
    rmse: 1.8,
    mae: 1.4,
    mape: 4.3,
    driftScore: 0.011236,
  }),
  // create_drift_alert for the drifting record four days ago: still open.
  `INSERT INTO model_alerts (id, alert_type, severity, model_id, model_type, machine_id, model_version, alert_timestamp,
       alert_message, alert_details, current_metric_value, threshold_value, created_at)
     VALUES ('${IDS.openAlert}', 'drift_detected', 'warning', '${IDS.baselineV1}', 'baseline', '${IDS.machine}', 1,
             ${HOUR} - interval '4 days' + interval '5 minutes', 'Model drift detected (score: 0.1744)',
             '{"r_squared": 0.71, "rmse": 3.4, "mae": 2.6, "mape": 7.9}', 0.174419, 0.1,
             ${HOUR} - interval '4 days' + interval '5 minutes')`,
  `INSERT INTO model_alerts (id, alert_type, severity, model_id, model_type, machine_id, model_version, alert_timestamp,
       alert_message, alert_details, current_metric_value, threshold_value, is_resolved, resolved_at,
       resolution_action, resolved_by, resolution_notes, created_at)
     VALUES ('${IDS.resolvedAlert}', 'drift_detected', 'warning', '${IDS.baselineV1}', 'baseline', '${IDS.machine}', 1,
             ${T} - interval '35 days', 'Model drift detected (score: 0.1321)', '{"r_squared": 0.74, "rmse": 3.1}',
             0.132100, 0.1, TRUE, ${T} - interval '34 days', 'acknowledged', 'energy.manager',
             'Chiller maintenance week: expected', ${T} - interval '35 days')`,
  `INSERT INTO model_ab_tests (id, test_name, model_type, machine_id, model_a_id, model_a_version, model_b_id,
       model_b_version, test_start, test_end, test_status, created_by, created_at)
     VALUES ('${IDS.abTest}', '${AB_TEST_NAME}', 'baseline', '${IDS.machine}', '${IDS.baselineV1}', 1,
             '${IDS.baselineV2}', 2, ${T} - interval '6 days', ${T} + interval '8 days', 'running', 'api',
             ${T} - interval '6 days')`,
];

/** Ids of the predecessor's metrics rows, by what wrote them. */
export const PREDECESSOR_METRIC_IDS = {
  mockTraining: [metric(1), metric(2)],
  recordedV1: [metric(11), metric(12), metric(13), metric(14)],
  recordedV2: [metric(15), metric(16)],
};
