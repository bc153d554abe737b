/**
 * The EnMS's energy tariffs of a machine's factory (table energy_tariffs, written by the EnMS; this
 * service only reads it). A database without that table or without machines.factory_id (the
 * service on its own) has no tariffs: cost then comes only from a price the caller gives.
 */
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import type { Tariff } from './stats/tariff-cost';

@Injectable()
export class TariffsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Active tariffs of the machine's factory valid on some day of [firstDay, lastDay] (local dates). */
  async forMachine(machineId: string, firstDay: string, lastDay: string): Promise<Tariff[]> {
    const [{ present }] = await this.uow.manager.query<{ present: boolean }[]>(
      `SELECT to_regclass('energy_tariffs') IS NOT NULL
              AND EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'machines'
                             AND column_name = 'factory_id') AS present`,
    );
    if (!present) return [];
    // currency NULL takes the EnMS column's default (USD).
    return this.uow.manager.query<Tariff[]>(
      `SELECT t.name, t.rate_per_kwh::float8 AS rate_per_kwh, COALESCE(t.currency, 'USD') AS currency,
              COALESCE(t.is_time_of_use, FALSE) AS is_time_of_use, t.start_hour, t.end_hour,
              t.applicable_days, to_char(t.valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(t.valid_to, 'YYYY-MM-DD') AS valid_to
         FROM energy_tariffs t
         JOIN machines m ON m.factory_id = t.factory_id
        WHERE m.id = $1 AND COALESCE(t.is_active, TRUE)
          AND t.valid_from <= $3::date AND (t.valid_to IS NULL OR t.valid_to >= $2::date)
        ORDER BY t.valid_from, t.name`,
      [machineId, firstDay, lastDay],
    );
  }
}
