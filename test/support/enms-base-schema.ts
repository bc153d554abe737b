/**
 * The EnMS's base schema (RaptorBlingx/enms, database/init), rebuilt from its published facts:
 * table and column names, types, defaults, nullability, enums, constraints and indexes of
 * 01-extensions, 02-schema, 05-views (two views), 07-iso50001-schema, 09-production-enhancements,
 * 11-model-performance and 14-fix-multi-energy-baselines. Written for these tests, not copied.
 *
 * TimescaleDB is not installed here. In the EnMS, 03-timescaledb-setup.sql makes energy_readings,
 * production_data and environmental_data hypertables (1-day chunks, compression segmented by
 * machine_id, ordered by time DESC) with continuous aggregates over them. Here they are plain
 * tables; the hourly aggregates are plain views of the same names and columns (date_trunc for
 * time_bucket), and an event trigger refuses the DDL a compressed hypertable refuses (see
 * TIMESCALE_STAND_IN), so that migrations which would fail on the real EnMS fail here too.
 */

/** The tables TimescaleDB partitions in the EnMS. */
export const HYPERTABLES = ['energy_readings', 'production_data', 'environmental_data'] as const;

/** uuid-ossp where the server has it, else uuid_generate_v4() over gen_random_uuid() (same contract). */
const EXTENSIONS = [
  `DO $$ BEGIN
     CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
   EXCEPTION WHEN OTHERS THEN
     CREATE OR REPLACE FUNCTION uuid_generate_v4() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()';
   END $$`,
  `DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS tablefunc; EXCEPTION WHEN OTHERS THEN NULL; END $$`,
  `DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_stat_statements; EXCEPTION WHEN OTHERS THEN NULL; END $$`,
];

const ENUMS = [
  `CREATE TYPE machine_type AS ENUM ('compressor', 'hvac', 'motor', 'pump', 'injection_molding', 'conveyor', 'boiler', 'other')`,
  `CREATE TYPE alert_level AS ENUM ('normal', 'warning', 'critical')`,
  `CREATE TYPE operating_mode AS ENUM ('idle', 'running', 'maintenance', 'fault', 'offline')`,
];

const DIMENSIONS = [
  `CREATE TABLE factories (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     name VARCHAR(255) NOT NULL,
     location VARCHAR(255),
     address TEXT,
     timezone VARCHAR(50) DEFAULT 'UTC',
     contact_email VARCHAR(255),
     contact_phone VARCHAR(50),
     created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     is_active BOOLEAN DEFAULT TRUE,
     metadata JSONB DEFAULT '{}'::jsonb,
     CONSTRAINT factories_name_unique UNIQUE (name)
   )`,
  `CREATE INDEX idx_factories_active ON factories (is_active)`,
  `CREATE INDEX idx_factories_name ON factories (name)`,
  `CREATE TABLE machines (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     factory_id UUID NOT NULL REFERENCES factories (id) ON DELETE CASCADE,
     name VARCHAR(255) NOT NULL,
     description TEXT,
     type machine_type NOT NULL,
     manufacturer VARCHAR(255),
     model VARCHAR(255),
     serial_number VARCHAR(255),
     installation_date DATE,
     rated_power_kw DECIMAL(10, 2) NOT NULL,
     rated_voltage_v DECIMAL(10, 2),
     rated_current_a DECIMAL(10, 2),
     rated_frequency_hz DECIMAL(5, 2) DEFAULT 50.0,
     location_in_factory VARCHAR(255),
     data_interval_seconds INTEGER NOT NULL DEFAULT 10,
     mqtt_topic VARCHAR(255),
     is_active BOOLEAN DEFAULT TRUE,
     is_critical BOOLEAN DEFAULT FALSE,
     created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb,
     CONSTRAINT machines_factory_name_unique UNIQUE (factory_id, name)
   )`,
  `CREATE INDEX idx_machines_factory ON machines (factory_id)`,
  `CREATE INDEX idx_machines_type ON machines (type)`,
  `CREATE INDEX idx_machines_active ON machines (is_active)`,
  `CREATE INDEX idx_machines_critical ON machines (is_critical)`,
  `CREATE INDEX idx_machines_mqtt_topic ON machines (mqtt_topic)`,
];

/** Hypertables in the EnMS (03-timescaledb-setup.sql); plain tables here. */
const FACTS = [
  `CREATE TABLE energy_readings (
     time TIMESTAMPTZ NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     energy_type VARCHAR(50) NOT NULL DEFAULT 'electrical',
     power_kw DECIMAL(10, 3) NOT NULL,
     energy_kwh DECIMAL(12, 6) NOT NULL DEFAULT 0,
     voltage_v DECIMAL(10, 2),
     current_a DECIMAL(10, 2),
     power_factor DECIMAL(5, 4),
     frequency_hz DECIMAL(6, 3),
     thd_voltage_percent DECIMAL(6, 3),
     thd_current_percent DECIMAL(6, 3),
     voltage_l1_v DECIMAL(10, 2),
     voltage_l2_v DECIMAL(10, 2),
     voltage_l3_v DECIMAL(10, 2),
     current_l1_a DECIMAL(10, 2),
     current_l2_a DECIMAL(10, 2),
     current_l3_a DECIMAL(10, 2),
     is_estimated BOOLEAN DEFAULT FALSE,
     quality_score DECIMAL(3, 2) DEFAULT 1.0,
     source VARCHAR(50) DEFAULT 'sensor',
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_energy_readings_machine_time ON energy_readings (machine_id, time DESC)`,
  `CREATE UNIQUE INDEX energy_readings_machine_time_type_unique ON energy_readings (machine_id, time, energy_type)`,
  `CREATE TABLE production_data (
     time TIMESTAMPTZ NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     production_count INTEGER DEFAULT 0,
     production_count_good INTEGER DEFAULT 0,
     production_count_bad INTEGER DEFAULT 0,
     throughput_units_per_hour DECIMAL(10, 2),
     operating_mode operating_mode DEFAULT 'idle',
     recipe_id VARCHAR(100),
     batch_id VARCHAR(100),
     product_id VARCHAR(100),
     speed_percent DECIMAL(5, 2),
     target_speed_percent DECIMAL(5, 2),
     quality_score DECIMAL(5, 2),
     downtime_seconds INTEGER DEFAULT 0,
     downtime_reason VARCHAR(255),
     operator_id VARCHAR(100),
     shift VARCHAR(50),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_production_data_machine_time ON production_data (machine_id, time DESC)`,
  `CREATE UNIQUE INDEX production_data_machine_time_unique ON production_data (machine_id, time)`,
  `CREATE TABLE environmental_data (
     time TIMESTAMPTZ NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     outdoor_temp_c DECIMAL(5, 2),
     indoor_temp_c DECIMAL(5, 2),
     machine_temp_c DECIMAL(5, 2),
     outdoor_humidity_percent DECIMAL(5, 2),
     indoor_humidity_percent DECIMAL(5, 2),
     pressure_bar DECIMAL(10, 3),
     pressure_setpoint_bar DECIMAL(10, 3),
     flow_rate_m3h DECIMAL(10, 3),
     supply_air_temp_c DECIMAL(5, 2),
     return_air_temp_c DECIMAL(5, 2),
     chilled_water_supply_temp_c DECIMAL(5, 2),
     chilled_water_return_temp_c DECIMAL(5, 2),
     cop DECIMAL(5, 2),
     vibration_mm_s DECIMAL(8, 4),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_environmental_data_machine_time ON environmental_data (machine_id, time DESC)`,
  `CREATE UNIQUE INDEX environmental_data_machine_time_unique ON environmental_data (machine_id, time)`,
];

const STATE_AND_ANALYTICS = [
  `CREATE TABLE machine_status (
     machine_id UUID PRIMARY KEY REFERENCES machines (id) ON DELETE CASCADE,
     is_running BOOLEAN DEFAULT FALSE,
     current_mode operating_mode DEFAULT 'offline',
     current_power_kw DECIMAL(10, 3) DEFAULT 0,
     operating_hours_total DECIMAL(12, 2) DEFAULT 0,
     energy_total_kwh DECIMAL(15, 3) DEFAULT 0,
     production_total_units BIGINT DEFAULT 0,
     last_reading_time TIMESTAMPTZ,
     last_production_time TIMESTAMPTZ,
     alert_level alert_level DEFAULT 'normal',
     alert_message TEXT,
     alert_timestamp TIMESTAMPTZ,
     health_score DECIMAL(5, 2) DEFAULT 100.0,
     uptime_percent_24h DECIMAL(5, 2),
     availability_percent_24h DECIMAL(5, 2),
     last_updated TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_machine_status_running ON machine_status (is_running)`,
  `CREATE INDEX idx_machine_status_alert ON machine_status (alert_level)`,
  `CREATE TABLE energy_baselines (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     model_name VARCHAR(100) NOT NULL,
     model_type VARCHAR(50) DEFAULT 'linear_regression',
     model_version INTEGER DEFAULT 1,
     training_start_date TIMESTAMPTZ NOT NULL,
     training_end_date TIMESTAMPTZ NOT NULL,
     training_samples INTEGER NOT NULL,
     coefficients JSONB NOT NULL,
     intercept DECIMAL(15, 6),
     feature_names TEXT[] NOT NULL,
     r_squared DECIMAL(5, 4),
     rmse DECIMAL(12, 6),
     mae DECIMAL(12, 6),
     is_active BOOLEAN DEFAULT TRUE,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     trained_by VARCHAR(100),
     metadata JSONB DEFAULT '{}'::jsonb,
     CONSTRAINT energy_baselines_machine_version_unique UNIQUE (machine_id, model_version)
   )`,
  `CREATE INDEX idx_energy_baselines_machine ON energy_baselines (machine_id)`,
  `CREATE INDEX idx_energy_baselines_active ON energy_baselines (machine_id, is_active) WHERE is_active = TRUE`,
  `CREATE TABLE anomalies (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     detected_at TIMESTAMPTZ NOT NULL,
     anomaly_type VARCHAR(100) NOT NULL,
     severity alert_level NOT NULL,
     metric_name VARCHAR(100),
     metric_value DECIMAL(15, 6),
     expected_value DECIMAL(15, 6),
     deviation_percent DECIMAL(8, 2),
     deviation_std_dev DECIMAL(8, 2),
     detection_method VARCHAR(100),
     confidence_score DECIMAL(5, 4),
     is_resolved BOOLEAN DEFAULT FALSE,
     resolved_at TIMESTAMPTZ,
     resolution_notes TEXT,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_anomalies_machine_time ON anomalies (machine_id, detected_at DESC)`,
  `CREATE INDEX idx_anomalies_severity ON anomalies (severity)`,
  `CREATE INDEX idx_anomalies_unresolved ON anomalies (machine_id, is_resolved) WHERE is_resolved = FALSE`,
];

const CONFIGURATION_AND_AUDIT = [
  `CREATE TABLE energy_tariffs (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     factory_id UUID NOT NULL REFERENCES factories (id) ON DELETE CASCADE,
     name VARCHAR(255) NOT NULL,
     description TEXT,
     rate_per_kwh DECIMAL(10, 6) NOT NULL,
     currency VARCHAR(3) DEFAULT 'USD',
     is_time_of_use BOOLEAN DEFAULT FALSE,
     start_hour INTEGER,
     end_hour INTEGER,
     applicable_days INTEGER[],
     demand_charge_per_kw DECIMAL(10, 6),
     valid_from DATE NOT NULL,
     valid_to DATE,
     is_active BOOLEAN DEFAULT TRUE,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_energy_tariffs_factory ON energy_tariffs (factory_id)`,
  `CREATE INDEX idx_energy_tariffs_active ON energy_tariffs (factory_id, is_active) WHERE is_active = TRUE`,
  `CREATE TABLE carbon_factors (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     region VARCHAR(255) NOT NULL,
     grid_name VARCHAR(255),
     emission_factor_kg_co2_per_kwh DECIMAL(10, 6) NOT NULL,
     source VARCHAR(255),
     valid_from DATE NOT NULL,
     valid_to DATE,
     is_active BOOLEAN DEFAULT TRUE,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_carbon_factors_region ON carbon_factors (region)`,
  `CREATE INDEX idx_carbon_factors_active ON carbon_factors (is_active) WHERE is_active = TRUE`,
  `CREATE TABLE audit_log (
     id BIGSERIAL PRIMARY KEY,
     timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     event_type VARCHAR(100) NOT NULL,
     entity_type VARCHAR(100),
     entity_id UUID,
     user_id VARCHAR(100),
     system_component VARCHAR(100),
     action VARCHAR(50) NOT NULL,
     old_values JSONB,
     new_values JSONB,
     ip_address INET,
     user_agent TEXT,
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX idx_audit_log_timestamp ON audit_log (timestamp DESC)`,
  `CREATE INDEX idx_audit_log_entity ON audit_log (entity_type, entity_id)`,
  `CREATE INDEX idx_audit_log_event_type ON audit_log (event_type)`,
  `CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER LANGUAGE plpgsql AS $$
   BEGIN NEW.updated_at = NOW(); RETURN NEW; END $$`,
  `CREATE TRIGGER update_factories_updated_at BEFORE UPDATE ON factories FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`,
  `CREATE TRIGGER update_machines_updated_at BEFORE UPDATE ON machines FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`,
];

/** Stand-ins for the hourly continuous aggregates the EnMS's baseline training reads (03). */
const HOURLY_AGGREGATES = [
  `CREATE VIEW energy_readings_1hour AS
     SELECT date_trunc('hour', time) AS bucket, machine_id,
            AVG(power_kw) AS avg_power_kw, MIN(power_kw) AS min_power_kw, MAX(power_kw) AS max_power_kw,
            MAX(power_kw) AS peak_demand_kw, SUM(energy_kwh) AS total_energy_kwh,
            AVG(voltage_v) AS avg_voltage_v, AVG(current_a) AS avg_current_a, AVG(power_factor) AS avg_power_factor,
            CASE WHEN MAX(power_kw) > 0 THEN AVG(power_kw) / MAX(power_kw) ELSE 0 END AS avg_load_factor,
            COUNT(*) AS total_readings
       FROM energy_readings GROUP BY 1, 2`,
  `CREATE VIEW production_data_1hour AS
     SELECT date_trunc('hour', time) AS bucket, machine_id,
            SUM(production_count) AS total_production_count, SUM(production_count_good) AS total_production_good,
            SUM(production_count_bad) AS total_production_bad,
            CASE WHEN SUM(production_count) > 0
                 THEN (SUM(production_count_good)::DECIMAL / SUM(production_count)) * 100 ELSE 0 END AS quality_percent,
            AVG(throughput_units_per_hour) AS avg_throughput, AVG(speed_percent) AS avg_speed_percent,
            SUM(downtime_seconds) AS total_downtime_seconds,
            CASE WHEN (3600 - SUM(downtime_seconds)) > 0
                 THEN ((3600 - SUM(downtime_seconds))::DECIMAL / 3600) * 100 ELSE 0 END AS availability_percent,
            COUNT(*) AS total_readings
       FROM production_data GROUP BY 1, 2`,
  `CREATE VIEW environmental_data_1hour AS
     SELECT date_trunc('hour', time) AS bucket, machine_id,
            AVG(outdoor_temp_c) AS avg_outdoor_temp_c, AVG(indoor_temp_c) AS avg_indoor_temp_c,
            AVG(machine_temp_c) AS avg_machine_temp_c, AVG(outdoor_humidity_percent) AS avg_outdoor_humidity,
            AVG(indoor_humidity_percent) AS avg_indoor_humidity, AVG(pressure_bar) AS avg_pressure_bar,
            AVG(flow_rate_m3h) AS avg_flow_rate_m3h, AVG(vibration_mm_s) AS avg_vibration_mm_s,
            COUNT(*) AS total_readings
       FROM environmental_data GROUP BY 1, 2`,
];

/** Two of 05-views.sql: they depend on machines, machine_status and the EnMS's anomalies. */
const DASHBOARD_VIEWS = [
  `CREATE VIEW v_machines_current_status AS
     SELECT m.id AS machine_id, m.name AS machine_name, m.type AS machine_type, m.factory_id,
            f.name AS factory_name, m.rated_power_kw,
            ms.is_running, ms.current_mode, ms.current_power_kw, ms.operating_hours_total, ms.energy_total_kwh,
            ms.production_total_units, ms.alert_level, ms.alert_message, ms.health_score, ms.last_reading_time,
            ms.last_updated, m.is_active, m.is_critical
       FROM machines m
       LEFT JOIN factories f ON m.factory_id = f.id
       LEFT JOIN machine_status ms ON m.id = ms.machine_id`,
  `CREATE VIEW v_active_anomalies AS
     SELECT a.id AS anomaly_id, a.machine_id, m.name AS machine_name, m.type AS machine_type,
            f.name AS factory_name, a.detected_at, a.anomaly_type, a.severity, a.metric_name, a.metric_value,
            a.expected_value, a.deviation_percent, a.detection_method, a.confidence_score,
            ms.current_power_kw, ms.current_mode
       FROM anomalies a
       JOIN machines m ON a.machine_id = m.id
       JOIN factories f ON m.factory_id = f.id
       LEFT JOIN machine_status ms ON m.id = ms.machine_id
      WHERE a.is_resolved = FALSE
      ORDER BY a.severity DESC, a.detected_at DESC`,
];

/** 07-iso50001-schema + 09-production-enhancements. */
const ISO50001 = [
  `CREATE TABLE energy_sources (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     name VARCHAR(50) UNIQUE NOT NULL,
     unit VARCHAR(20) NOT NULL,
     cost_per_unit DECIMAL(10, 4),
     carbon_factor DECIMAL(10, 6),
     description TEXT,
     is_active BOOLEAN DEFAULT true,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     updated_at TIMESTAMPTZ DEFAULT NOW()
   )`,
  `CREATE INDEX idx_energy_sources_active ON energy_sources (is_active)`,
  `CREATE TABLE seus (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     name VARCHAR(255) NOT NULL,
     description TEXT,
     energy_source_id UUID REFERENCES energy_sources (id) ON DELETE RESTRICT NOT NULL,
     machine_ids UUID[] NOT NULL,
     baseline_year INTEGER,
     baseline_start_date DATE,
     baseline_end_date DATE,
     regression_coefficients JSONB,
     intercept DECIMAL(15, 6),
     feature_columns TEXT[],
     r_squared DECIMAL(6, 4),
     rmse DECIMAL(15, 4),
     mae DECIMAL(15, 4),
     trained_at TIMESTAMPTZ,
     trained_by VARCHAR(100),
     is_active BOOLEAN DEFAULT true,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     updated_at TIMESTAMPTZ DEFAULT NOW(),
     CONSTRAINT seus_baseline_year_check CHECK (baseline_year >= 2020 AND baseline_year <= 2100),
     CONSTRAINT seus_machine_ids_not_empty CHECK (array_length(machine_ids, 1) > 0)
   )`,
  `CREATE INDEX idx_seus_energy_source ON seus (energy_source_id)`,
  `CREATE INDEX idx_seus_active ON seus (is_active)`,
  `CREATE INDEX idx_seus_baseline_year ON seus (baseline_year)`,
  `CREATE TABLE seu_energy_performance (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     seu_id UUID REFERENCES seus (id) ON DELETE CASCADE NOT NULL,
     report_period VARCHAR(20) NOT NULL,
     period_start DATE NOT NULL,
     period_end DATE NOT NULL,
     baseline_year INTEGER NOT NULL,
     actual_consumption DECIMAL(15, 4) NOT NULL,
     expected_consumption DECIMAL(15, 4) NOT NULL,
     deviation_kwh DECIMAL(15, 4),
     deviation_percent DECIMAL(6, 2),
     compliance_status VARCHAR(20),
     notes TEXT,
     generated_at TIMESTAMPTZ DEFAULT NOW(),
     generated_by VARCHAR(100),
     UNIQUE (seu_id, report_period),
     CONSTRAINT seu_perf_compliance_status_check CHECK (compliance_status IN ('compliant', 'warning', 'critical', NULL))
   )`,
  `CREATE INDEX idx_seu_performance_period ON seu_energy_performance (seu_id, period_start, period_end)`,
  `CREATE INDEX idx_seu_performance_baseline ON seu_energy_performance (baseline_year)`,
  `CREATE INDEX idx_seu_performance_compliance ON seu_energy_performance (compliance_status)`,
  `CREATE TRIGGER update_energy_sources_updated_at BEFORE UPDATE ON energy_sources FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`,
  `CREATE TRIGGER update_seus_updated_at BEFORE UPDATE ON seus FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`,
  `ALTER TABLE seu_energy_performance
     ADD COLUMN IF NOT EXISTS heating_degree_days DECIMAL(10, 2) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS cooling_degree_days DECIMAL(10, 2) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS cusum_deviation DECIMAL(10, 2) DEFAULT 0.0,
     ADD COLUMN IF NOT EXISTS expected_lower_95ci DECIMAL(15, 4) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS expected_upper_95ci DECIMAL(15, 4) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS data_quality_score DECIMAL(3, 2) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS data_completeness_percent DECIMAL(5, 2) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS enpi_value DECIMAL(15, 6) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS enpi_unit VARCHAR(50) DEFAULT NULL,
     ADD COLUMN IF NOT EXISTS product_mix_factor DECIMAL(8, 4) DEFAULT 1.0000`,
  `CREATE TABLE baseline_adjustments (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     seu_id UUID NOT NULL REFERENCES seus (id) ON DELETE CASCADE,
     adjustment_date DATE NOT NULL,
     adjustment_type VARCHAR(50) NOT NULL,
     adjustment_reason TEXT NOT NULL,
     old_baseline_year INTEGER,
     new_baseline_year INTEGER,
     adjustment_factor DECIMAL(8, 4) DEFAULT 1.0000,
     approved_by VARCHAR(100),
     approved_at TIMESTAMPTZ,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     updated_at TIMESTAMPTZ DEFAULT NOW(),
     CONSTRAINT chk_adjustment_type CHECK (adjustment_type IN ('equipment_upgrade', 'process_change',
       'operating_schedule_change', 'production_capacity_change', 'energy_source_change',
       'control_system_upgrade', 'maintenance_impact', 'other')),
     CONSTRAINT chk_adjustment_factor CHECK (adjustment_factor > 0 AND adjustment_factor < 10)
   )`,
  `CREATE INDEX idx_baseline_adj_seu ON baseline_adjustments (seu_id, adjustment_date DESC)`,
  `CREATE INDEX idx_baseline_adj_date ON baseline_adjustments (adjustment_date DESC)`,
  `CREATE INDEX idx_baseline_adj_type ON baseline_adjustments (adjustment_type)`,
  `CREATE TRIGGER update_baseline_adjustments_updated_at BEFORE UPDATE ON baseline_adjustments FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`,
  `CREATE TABLE data_quality_log (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     check_date DATE NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     missing_data_percent DECIMAL(5, 2) DEFAULT 0.00,
     outlier_count INTEGER DEFAULT 0,
     correlation_score DECIMAL(3, 2) DEFAULT NULL,
     overall_score DECIMAL(3, 2) DEFAULT NULL,
     issues TEXT[],
     created_at TIMESTAMPTZ DEFAULT NOW(),
     CONSTRAINT chk_missing_data CHECK (missing_data_percent >= 0 AND missing_data_percent <= 100),
     CONSTRAINT chk_outlier_count CHECK (outlier_count >= 0),
     CONSTRAINT chk_correlation_score CHECK (correlation_score IS NULL OR (correlation_score >= -1 AND correlation_score <= 1)),
     CONSTRAINT chk_overall_score CHECK (overall_score IS NULL OR (overall_score >= 0 AND overall_score <= 1))
   )`,
  `CREATE INDEX idx_data_quality_date ON data_quality_log (check_date DESC)`,
  `CREATE INDEX idx_data_quality_machine ON data_quality_log (machine_id, check_date)`,
  `CREATE INDEX idx_data_quality_score ON data_quality_log (overall_score) WHERE overall_score < 0.90`,
];

/** 11-model-performance: an EnMS table of its own, with a name next to this service's. */
const PERFORMANCE_HISTORY = [
  `CREATE TABLE model_performance_history (
     id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
     model_type VARCHAR(50) NOT NULL,
     model_id UUID,
     machine_id UUID REFERENCES machines (id),
     metric_name VARCHAR(50) NOT NULL,
     metric_value FLOAT NOT NULL,
     evaluated_at TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB
   )`,
  `CREATE INDEX idx_perf_model_type ON model_performance_history (model_type)`,
  `CREATE INDEX idx_perf_evaluated_at ON model_performance_history (evaluated_at DESC)`,
];

/** 14-fix-multi-energy-baselines, applied to an empty energy_baselines (no backfill needed). */
const MULTI_ENERGY_BASELINES = [
  `ALTER TABLE energy_baselines ADD COLUMN energy_source_id UUID REFERENCES energy_sources (id) ON DELETE RESTRICT`,
  `ALTER TABLE energy_baselines ALTER COLUMN energy_source_id SET NOT NULL`,
  `ALTER TABLE energy_baselines DROP CONSTRAINT energy_baselines_machine_version_unique`,
  `ALTER TABLE energy_baselines ADD CONSTRAINT energy_baselines_machine_energy_version_unique
     UNIQUE (machine_id, energy_source_id, model_version)`,
  `DROP INDEX IF EXISTS idx_energy_baselines_active`,
  `CREATE INDEX IF NOT EXISTS idx_energy_baselines_active ON energy_baselines (machine_id, energy_source_id, is_active)
     WHERE is_active = TRUE`,
];

/**
 * What a compressed TimescaleDB hypertable refuses, enforced after every DDL command: a unique
 * index without the partitioning column "time", a foreign key that references a hypertable, and a
 * column type change (compression enabled). Kept in its own schema, outside the EnMS's public one.
 */
export const TIMESCALE_STAND_IN = [
  `CREATE SCHEMA timescale_standin`,
  `CREATE TABLE timescale_standin.hypertables (relation regclass PRIMARY KEY, column_types jsonb NOT NULL)`,
  `INSERT INTO timescale_standin.hypertables (relation, column_types)
     SELECT c.oid, jsonb_object_agg(a.attname, format_type(a.atttypid, a.atttypmod))
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN (${HYPERTABLES.map((t) => `'${t}'`).join(', ')})
      GROUP BY c.oid`,
  `CREATE FUNCTION timescale_standin.refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$
   DECLARE h record; offender text;
   BEGIN
     FOR h IN SELECT relation, column_types FROM timescale_standin.hypertables
               WHERE EXISTS (SELECT 1 FROM pg_class WHERE oid = relation) LOOP
       SELECT i.indexrelid::regclass::text INTO offender FROM pg_index i
        WHERE i.indrelid = h.relation AND i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = h.relation AND a.attname = 'time'
                             AND a.attnum = ANY (i.indkey::smallint[]))
        LIMIT 1;
       IF offender IS NOT NULL THEN
         RAISE EXCEPTION 'cannot create a unique index without the column "time" (used in partitioning): % on hypertable % (TimescaleDB stand-in)', offender, h.relation;
       END IF;
       SELECT conname INTO offender FROM pg_constraint WHERE contype = 'f' AND confrelid = h.relation LIMIT 1;
       IF offender IS NOT NULL THEN
         RAISE EXCEPTION 'foreign keys to hypertables are not supported: % references % (TimescaleDB stand-in)', offender, h.relation;
       END IF;
       SELECT a.attname INTO offender FROM pg_attribute a
        WHERE a.attrelid = h.relation AND a.attnum > 0 AND NOT a.attisdropped AND h.column_types ? a.attname
          AND h.column_types ->> a.attname <> format_type(a.atttypid, a.atttypmod)
        LIMIT 1;
       IF offender IS NOT NULL THEN
         RAISE EXCEPTION 'operation not supported on hypertables that have compression enabled: type of %.% changed (TimescaleDB stand-in)', h.relation, offender;
       END IF;
     END LOOP;
   END $$`,
  `CREATE EVENT TRIGGER timescale_standin_refusals ON ddl_command_end EXECUTE FUNCTION timescale_standin.refuse()`,
];

export const ENMS_BASE_SCHEMA: readonly string[] = [
  `SET TIME ZONE 'UTC'`,
  ...EXTENSIONS,
  ...ENUMS,
  ...DIMENSIONS,
  ...FACTS,
  ...STATE_AND_ANALYTICS,
  ...CONFIGURATION_AND_AUDIT,
  ...HOURLY_AGGREGATES,
  ...DASHBOARD_VIEWS,
  ...ISO50001,
  ...PERFORMANCE_HISTORY,
  ...MULTI_ENERGY_BASELINES,
];

/** The EnMS's own tables, each with the key its rows are told apart by. */
export const ENMS_TABLES: Readonly<Record<string, readonly string[]>> = {
  factories: ['id'],
  machines: ['id'],
  energy_readings: ['machine_id', 'time', 'energy_type'],
  production_data: ['machine_id', 'time'],
  environmental_data: ['machine_id', 'time'],
  machine_status: ['machine_id'],
  energy_baselines: ['id'],
  anomalies: ['id'],
  energy_tariffs: ['id'],
  carbon_factors: ['id'],
  audit_log: ['id'],
  energy_sources: ['id'],
  seus: ['id'],
  seu_energy_performance: ['id'],
  baseline_adjustments: ['id'],
  data_quality_log: ['id'],
  model_performance_history: ['id'],
};

/** The service reads these; DESIGN.md §4 lets migrations add columns to them (nothing else of the EnMS's). */
export const ENMS_SOURCE_TABLES = ['machines', ...HYPERTABLES] as const;

export const ENMS_VIEWS = [
  'energy_readings_1hour',
  'production_data_1hour',
  'environmental_data_1hour',
  'v_machines_current_status',
  'v_active_anomalies',
] as const;
