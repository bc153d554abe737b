/**
 * Inserts the EnMS keeps making into its own tables once this service runs beside it: a machine as
 * 06-seed-data writes one (factory, enum type, rated power), its status, readings and weather as
 * the Node-RED collector writes them (energy_type left to its default 'electrical'), an anomaly as
 * save_anomaly writes it, an audit entry, and a baseline as save_baseline_model writes it.
 */
import { IDS } from './enms-rows';

export const ENMS_NEW_MACHINE = 'c0000000-0000-0000-0000-000000000009';

export const ENMS_WRITES: readonly { name: string; sql: string; params: unknown[] }[] = [
  {
    name: 'machines (seed columns: factory, machine_type enum, rated power)',
    sql: `INSERT INTO machines (id, factory_id, name, description, type, manufacturer, model, serial_number,
            installation_date, rated_power_kw, rated_voltage_v, rated_current_a, rated_frequency_hz,
            location_in_factory, data_interval_seconds, mqtt_topic, is_active, is_critical)
          VALUES ($1, $2, 'Chiller-2', 'Standby chiller', 'hvac', 'Trane', 'CenTraVac', 'TR-2025-07', '2025-03-01',
                  180.0, 400.0, 259.8, 50.0, 'Rooftop - East', 10, 'factory/demo/chiller-2', TRUE, FALSE)`,
    params: [ENMS_NEW_MACHINE, IDS.factory],
  },
  {
    name: 'machine_status (collector upsert)',
    sql: `INSERT INTO machine_status (machine_id, is_running, current_mode, current_power_kw, last_updated)
          VALUES ($1, $2, $3, $4, NOW())
          ON CONFLICT (machine_id) DO UPDATE SET is_running = EXCLUDED.is_running, current_mode = EXCLUDED.current_mode,
            current_power_kw = EXCLUDED.current_power_kw, last_updated = NOW()`,
    params: [ENMS_NEW_MACHINE, true, 'running', 41.2],
  },
  {
    name: "energy_readings (collector columns, energy_type by default 'electrical')",
    sql: `INSERT INTO energy_readings (time, machine_id, power_kw, energy_kwh, voltage_v, current_a, power_factor,
            frequency_hz, source)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'mqtt') RETURNING energy_type`,
    params: [new Date(), ENMS_NEW_MACHINE, 41.2, 0.114444, 400.1, 64.6, 0.92, 50.01],
  },
  {
    name: "energy_readings (energy_type 'electrical' given)",
    sql: `INSERT INTO energy_readings (time, machine_id, energy_type, power_kw, energy_kwh)
          VALUES ($1, $2, 'electrical', $3, $4)`,
    params: [new Date(Date.now() - 10_000), ENMS_NEW_MACHINE, 40.8, 0.113333],
  },
  {
    name: 'production_data (collector upsert)',
    sql: `INSERT INTO production_data (time, machine_id, production_count, production_count_good, production_count_bad,
            throughput_units_per_hour, operating_mode, speed_percent, recipe_id, batch_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
          ON CONFLICT (time, machine_id) DO UPDATE SET production_count = EXCLUDED.production_count`,
    params: [new Date(), ENMS_NEW_MACHINE, 12, 12, 0, 48, 'running', 90, 'R-1', 'B-1'],
  },
  {
    name: 'environmental_data (collector upsert)',
    sql: `INSERT INTO environmental_data (time, machine_id, outdoor_temp_c, indoor_temp_c, machine_temp_c,
            outdoor_humidity_percent, indoor_humidity_percent, pressure_bar, flow_rate_m3h, supply_air_temp_c,
            return_air_temp_c, cop, vibration_mm_s)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
          ON CONFLICT (time, machine_id) DO UPDATE SET outdoor_temp_c = EXCLUDED.outdoor_temp_c`,
    params: [new Date(), ENMS_NEW_MACHINE, 12.5, 21.0, 35.2, 61, 44, null, null, 14.1, 22.3, 4.1, 1.2],
  },
  {
    name: 'anomalies (save_anomaly)',
    sql: `INSERT INTO anomalies (machine_id, detected_at, anomaly_type, severity, metric_name, metric_value,
            expected_value, deviation_percent, deviation_std_dev, detection_method, confidence_score)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    params: [
      ENMS_NEW_MACHINE,
      new Date(),
      'power_spike',
      'critical',
      'power_kw',
      88.1,
      41.0,
      114.9,
      5.3,
      'isolation_forest',
      0.93,
    ],
  },
  {
    name: 'audit_log',
    sql: `INSERT INTO audit_log (event_type, entity_type, entity_id, system_component, action, new_values, ip_address)
          VALUES ('machine_created', 'machine', $1, 'portal', 'create', $2, '10.0.0.7') RETURNING id`,
    params: [ENMS_NEW_MACHINE, JSON.stringify({ name: 'Chiller-2' })],
  },
  {
    name: 'energy_baselines (save_baseline_model)',
    sql: `INSERT INTO energy_baselines (machine_id, energy_source_id, model_name, model_type, model_version,
            training_start_date, training_end_date, training_samples, coefficients, intercept, feature_names,
            r_squared, rmse, mae, is_active, trained_by)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    params: [
      ENMS_NEW_MACHINE,
      IDS.electricity,
      'baseline_v1',
      'linear_regression',
      1,
      new Date(Date.now() - 30 * 86_400_000),
      new Date(),
      720,
      JSON.stringify({ total_production_count: 0.31, avg_outdoor_temp_c: 1.9 }),
      12.5,
      ['total_production_count', 'avg_outdoor_temp_c'],
      0.8123,
      3.2,
      2.4,
      true,
      'analytics-service',
    ],
  },
];
