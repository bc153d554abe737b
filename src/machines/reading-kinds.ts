/**
 * The three kinds of meter data a machine has, described once so that JSON ingest, CSV ingest
 * (COPY) and reads share one definition of tables, columns, types and keys.
 */
export const READING_KINDS = ['energy', 'production', 'environment'] as const;
export type ReadingKind = (typeof READING_KINDS)[number];

export interface ReadingColumn {
  name: string;
  sqlType: 'double precision' | 'smallint' | 'text';
  /** How per-interval aggregation combines values (energy is summed, states are averaged). */
  aggregate: 'sum' | 'avg' | 'max';
  /** Numeric columns: the values a meter can report (default ±1e12); JSON and CSV ingest refuse others. */
  range?: [number, number];
}

const METER_RANGE: [number, number] = [-1e12, 1e12];

export interface ReadingKindSpec {
  table: string;
  /** Columns besides machine_id and time that identify a row (energy: energy_type). */
  extraKey?: { name: string; default: string };
  columns: ReadingColumn[];
}

export const READING_KIND_SPECS: Record<ReadingKind, ReadingKindSpec> = {
  energy: {
    table: 'energy_readings',
    extraKey: { name: 'energy_type', default: 'electricity' },
    columns: [
      { name: 'energy_kwh', sqlType: 'double precision', aggregate: 'sum' },
      { name: 'power_kw', sqlType: 'double precision', aggregate: 'avg' },
      { name: 'power_factor', sqlType: 'double precision', aggregate: 'avg', range: [-1, 1] },
      { name: 'voltage_v', sqlType: 'double precision', aggregate: 'avg' },
      { name: 'current_a', sqlType: 'double precision', aggregate: 'avg' },
    ],
  },
  production: {
    table: 'production_data',
    columns: [
      { name: 'production_count', sqlType: 'double precision', aggregate: 'sum' },
      { name: 'throughput_units_per_hour', sqlType: 'double precision', aggregate: 'avg' },
      { name: 'load_level', sqlType: 'smallint', aggregate: 'avg', range: [0, 2] },
      { name: 'operating_mode', sqlType: 'text', aggregate: 'max' },
    ],
  },
  environment: {
    table: 'environmental_data',
    columns: [
      { name: 'outdoor_temp_c', sqlType: 'double precision', aggregate: 'avg', range: [-100, 100] },
      { name: 'indoor_temp_c', sqlType: 'double precision', aggregate: 'avg', range: [-100, 100] },
      { name: 'humidity_percent', sqlType: 'double precision', aggregate: 'avg', range: [0, 100] },
      { name: 'pressure_bar', sqlType: 'double precision', aggregate: 'avg', range: [0, 1000] },
      { name: 'irradiance_w_m2', sqlType: 'double precision', aggregate: 'avg', range: [0, 2000] },
    ],
  },
};

export function rangeOf(kind: ReadingKind, name: string): [number, number] {
  const column = READING_KIND_SPECS[kind].columns.find((c) => c.name === name);
  return column?.range ?? METER_RANGE;
}

/** Every column a row of this kind may carry in an ingest, key columns first. */
export function ingestColumns(spec: ReadingKindSpec): string[] {
  return [
    'time',
    ...(spec.extraKey ? [spec.extraKey.name] : []),
    ...spec.columns.map((column) => column.name),
  ];
}

export function keyColumns(spec: ReadingKindSpec): string[] {
  return ['machine_id', 'time', ...(spec.extraKey ? [spec.extraKey.name] : [])];
}
