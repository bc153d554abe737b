/**
 * Loads the demo machines and all their readings (idempotent: machines are found by name and
 * readings upserted on their keys, so a second run changes nothing).
 */
import { Injectable, Logger } from '@nestjs/common';
import { join } from 'node:path';
import { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { ReadingKind } from '../machines/reading-kinds';
import type { ReadingRow } from '../machines/readings.repository';
import { B40_FILE, b40Rows, demoDataDir, readGzipCsv, STEEL_FILE, steelRows } from './demo-data';

export const DEMO_MACHINES = {
  steel: {
    name: 'Steel plant main feeder',
    type: 'steel_plant',
    timezone: 'Asia/Seoul',
    data_interval_seconds: 900,
    location: 'Gwangyang, Korea (DAEWOO Steel)',
    metadata: { source: 'UCI ML Repository 851, CC BY 4.0', demo: true },
  },
  b40Electricity: {
    name: 'Building b40 electricity',
    type: 'building',
    timezone: 'UTC',
    data_interval_seconds: 3600,
    location: 'Cambridge, UK (University Estates b40)',
    metadata: { source: 'Cambridge Estates archive v2.1, MIT', demo: true },
  },
  b40Gas: {
    name: 'Building b40 gas boiler',
    type: 'boiler',
    timezone: 'UTC',
    data_interval_seconds: 3600,
    location: 'Cambridge, UK (University Estates b40)',
    metadata: { source: 'Cambridge Estates archive v2.1, MIT', demo: true },
  },
} as const;

const CHUNK = 10_000;

export interface DemoLoadReport {
  machines: Record<string, string>;
  rows: Record<string, number>;
}

@Injectable()
export class DemoLoader {
  private readonly logger = new Logger(DemoLoader.name);

  constructor(private readonly machines: MachinesService) {}

  /** On the first start of an empty database: load the demo so a newcomer sees real data. */
  async loadIfEmpty(): Promise<void> {
    if ((await this.machines.countMachines()) > 0) return;
    this.logger.log('empty database: loading the demo machines and their readings');
    await this.load();
  }

  async load(): Promise<DemoLoadReport> {
    const started = Date.now();
    const dir = demoDataDir();
    const steel = steelRows(readGzipCsv(join(dir, STEEL_FILE)));
    const b40 = b40Rows(readGzipCsv(join(dir, B40_FILE)));

    const steelMachine = await this.ensureMachine(DEMO_MACHINES.steel);
    const electricityMachine = await this.ensureMachine(DEMO_MACHINES.b40Electricity);
    const gasMachine = await this.ensureMachine(DEMO_MACHINES.b40Gas);

    const plan: [Machine, ReadingKind, ReadingRow[], string][] = [
      [steelMachine, 'energy', steel.energy, 'steel energy'],
      [steelMachine, 'production', steel.production, 'steel production'],
      [electricityMachine, 'energy', b40.electricity, 'b40 electricity'],
      [electricityMachine, 'environment', b40.environment, 'b40 electricity weather'],
      [gasMachine, 'energy', b40.gas, 'b40 gas'],
      [gasMachine, 'environment', b40.environment, 'b40 gas weather'],
    ];
    const rows: Record<string, number> = {};
    for (const [machine, kind, data, label] of plan) {
      for (let offset = 0; offset < data.length; offset += CHUNK) {
        await this.machines.ingestRows(kind, machine.id, data.slice(offset, offset + CHUNK));
      }
      rows[label] = data.length;
    }
    // A newcomer's first training follows at once, before autovacuum would have analysed the tables.
    await this.machines.refreshStatistics();
    this.logger.log(
      `demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(rows)}`,
    );
    return {
      machines: { steel: steelMachine.id, b40_electricity: electricityMachine.id, b40_gas: gasMachine.id },
      rows,
    };
  }

  private async ensureMachine(
    definition: (typeof DEMO_MACHINES)[keyof typeof DEMO_MACHINES],
  ): Promise<Machine> {
    return (
      (await this.machines.findByName(definition.name)) ??
      this.machines.create({ ...definition, metadata: { ...definition.metadata } })
    );
  }
}
