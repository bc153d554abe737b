/** The EnMS meter-data tables: one row per machine and interval (energy also per energy type). */
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DoubleColumn, JsonColumn, NullableText } from '../../database/columns';
import { Machine } from './machine.entity';

const machineForeignKey = (table: string) => ({
  name: 'machine_id',
  foreignKeyConstraintName: `${table}_machine_id_fkey`,
});

@Entity('energy_readings')
export class EnergyReading {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_energy_readings' }) machine_id!: string;
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_energy_readings' }) time!: Date;
  @PrimaryColumn({ type: 'text', default: 'electricity', primaryKeyConstraintName: 'pk_energy_readings' })
  energy_type!: string;
  @DoubleColumn() power_kw!: number | null;
  @DoubleColumn() energy_kwh!: number | null;
  @DoubleColumn() power_factor!: number | null;
  @DoubleColumn() voltage_v!: number | null;
  @DoubleColumn() current_a!: number | null;
  @JsonColumn() metadata!: Record<string, unknown> | null;
  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn(machineForeignKey('energy_readings'))
  machine?: Machine;
}

@Entity('production_data')
export class ProductionReading {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_production_data' }) machine_id!: string;
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_production_data' }) time!: Date;
  @DoubleColumn() production_count!: number | null;
  @DoubleColumn() throughput_units_per_hour!: number | null;
  @NullableText() operating_mode!: string | null;
  /** 0 light, 1 medium, 2 maximum load (the steel plant's Load_Type). */
  @DoubleColumn({ type: 'smallint' }) load_level!: number | null;
  @JsonColumn() metadata!: Record<string, unknown> | null;
  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn(machineForeignKey('production_data'))
  machine?: Machine;
}

@Entity('environmental_data')
export class EnvironmentalReading {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_environmental_data' }) machine_id!: string;
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_environmental_data' }) time!: Date;
  @DoubleColumn() outdoor_temp_c!: number | null;
  @DoubleColumn() indoor_temp_c!: number | null;
  @DoubleColumn() humidity_percent!: number | null;
  @DoubleColumn() pressure_bar!: number | null;
  @DoubleColumn() irradiance_w_m2!: number | null;
  @JsonColumn() metadata!: Record<string, unknown> | null;
  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn(machineForeignKey('environmental_data'))
  machine?: Machine;
}
