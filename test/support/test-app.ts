/** Builds the real application (same factory as main.ts) on the test database. */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app.config';
import { DatabaseConfig } from '../../src/config/database.config';
import { DemoLoader, DEMO_MACHINES } from '../../src/demo/demo-loader';
import { MachinesService } from '../../src/machines/machines.service';

export async function createTestApp(
  databaseUrl = process.env.DATABASE_URL!,
): Promise<NestFastifyApplication> {
  const app = Object.assign(new AppConfig(), { logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const database = Object.assign(new DatabaseConfig(), { url: databaseUrl, poolSize: 5 });
  const nest = await createApp({ databaseUrl, app, database });
  await nest.init();
  await nest.getHttpAdapter().getInstance().ready();
  return nest;
}

export interface DemoIds {
  steel: string;
  b40Electricity: string;
  b40Gas: string;
}

/** Loads the demo data once per test database (the loader is idempotent but not free). */
export async function ensureDemoData(app: NestFastifyApplication): Promise<DemoIds> {
  const machines = app.get(MachinesService);
  const gas = await machines.findByName(DEMO_MACHINES.b40Gas.name);
  if (!gas || (await machines.dataSummary(gas.id)).energy.count === 0) await app.get(DemoLoader).load();
  const id = async (name: string) => (await machines.findByName(name))!.id;
  return {
    steel: await id(DEMO_MACHINES.steel.name),
    b40Electricity: await id(DEMO_MACHINES.b40Electricity.name),
    b40Gas: await id(DEMO_MACHINES.b40Gas.name),
  };
}

export const API = '/api/v1/model-performance';
