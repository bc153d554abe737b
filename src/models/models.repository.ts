/** SQL of the model registry: versions, the one active version per key, and the activation history. */
import { ENMS_ALGORITHM } from './algorithms/enms-baseline';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModelType } from './model-type';
import { ModelVersionActivation } from './entities/model-version-activation.entity';
import { ModelVersion } from './entities/model-version.entity';
import { findRowById } from '../database/plain-rows';
import { UnitOfWork } from '../database/unit-of-work';

@Injectable()
export class ModelsRepository implements OnModuleInit {
  /** How this database keeps the EnMS's own baseline models, or null when it has none. */
  private enmsBaselines: { energySource: boolean } | null = null;

  constructor(private readonly uow: UnitOfWork) {}

  async onModuleInit(): Promise<void> {
    const [row] = await this.uow.manager.query<{ baselines: boolean; energy_source: boolean }[]>(
      `SELECT to_regclass('energy_baselines') IS NOT NULL AS baselines,
              to_regclass('energy_sources') IS NOT NULL AND EXISTS (
                SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                   AND table_name = 'energy_baselines' AND column_name = 'energy_source_id') AS energy_source`,
    );
    this.enmsBaselines = row.baselines ? { energySource: row.energy_source } : null;
  }

  /**
   * A version of the registry, or the EnMS's energy_baselines row of that id read as an external
   * version (nothing is written: reading a model must not change the database).
   */
  async findById(id: string): Promise<ModelVersion | null> {
    const version = await findRowById(this.uow, ModelVersion, id);
    const manager = this.uow.manager;
    if (version || !this.enmsBaselines) return version;
    const [row] = await manager.query<ModelVersion[]>(
      `${enmsBaselineAsVersion(this.enmsBaselines.energySource)} SELECT * FROM external`,
      [id],
    );
    return row ? manager.create(ModelVersion, row) : null;
  }

  /** Makes an external (EnMS) version a row of the registry, as activating it needs; a no-op for the service's own. */
  async register(id: string): Promise<void> {
    const manager = this.uow.manager;
    if (!this.enmsBaselines) return;
    await manager.query(
      `${enmsBaselineAsVersion(this.enmsBaselines.energySource)}
       INSERT INTO mps_model_versions (${VERSION_COLUMNS}) SELECT ${VERSION_COLUMNS} FROM external
       ON CONFLICT (id) DO NOTHING`,
      [id],
    );
  }

  findActive(machineId: string, modelType: ModelType) {
    return this.uow.manager.findOneBy(ModelVersion, {
      machine_id: machineId,
      model_type: modelType,
      status: 'active',
    });
  }

  /** Ids only: a scheduled tick lists thousands, whose fitted parameters it does not need. */
  async activeIds(modelType?: ModelType): Promise<string[]> {
    const rows = await this.uow.manager.find(ModelVersion, {
      select: { id: true },
      where: { status: 'active', ...(modelType ? { model_type: modelType } : {}) },
      order: { created_at: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  async listVersions(machineId: string, modelType: ModelType, limit: number, offset: number) {
    const [items, total] = await this.uow.manager.findAndCount(ModelVersion, {
      where: { machine_id: machineId, model_type: modelType },
      order: { version: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /**
   * The next version number, after the registry's, the predecessor's (its jobs numbered versions
   * per machine and type) and the EnMS's baselines; safe because only one job per machine and type
   * runs (unique index).
   */
  async nextVersion(machineId: string, modelType: ModelType): Promise<number> {
    const manager = this.uow.manager;
    // A baseline also comes after the EnMS's own versions of the machine (energy_baselines).
    const enms =
      this.enmsBaselines && modelType === 'baseline'
        ? `, (SELECT coalesce(max(model_version), 0) FROM energy_baselines WHERE machine_id = $1)`
        : '';
    const [row] = await manager.query<{ next: number }[]>(
      `SELECT greatest(
                (SELECT coalesce(max(version), 0) FROM mps_model_versions WHERE machine_id = $1 AND model_type = $2),
                (SELECT coalesce(max(model_version), 0) FROM model_training_history
                  WHERE machine_id = $1 AND model_type = $2 AND origin = 'predecessor')${enms}) + 1 AS next`,
      [machineId, modelType],
    );
    return row.next;
  }

  insertVersion(values: Partial<ModelVersion>): Promise<ModelVersion> {
    const manager = this.uow.manager;
    return manager.save(ModelVersion, manager.create(ModelVersion, values));
  }

  /**
   * Makes `version` the active one: archives the current active version, closes its activation
   * record, opens a new one. Row locks on the key serialise concurrent activations.
   */
  async activate(version: ModelVersion, activatedBy: string, reason: string): Promise<void> {
    const manager = this.uow.manager;
    await this.register(version.id);
    await manager.query(
      'SELECT id FROM mps_model_versions WHERE machine_id = $1 AND model_type = $2 ORDER BY version FOR UPDATE',
      [version.machine_id, version.model_type],
    );
    await manager.query(
      `UPDATE mps_model_versions SET status = 'archived' WHERE machine_id = $1 AND model_type = $2 AND status = 'active' AND id <> $3`,
      [version.machine_id, version.model_type, version.id],
    );
    await manager.query(
      `UPDATE mps_model_version_activations SET deactivated_at = now()
        WHERE machine_id = $1 AND model_type = $2 AND deactivated_at IS NULL AND model_id <> $3`,
      [version.machine_id, version.model_type, version.id],
    );
    await manager.query(
      `UPDATE mps_model_versions SET status = 'active', activated_at = now() WHERE id = $1`,
      [version.id],
    );
    await manager.insert(ModelVersionActivation, {
      model_id: version.id,
      machine_id: version.machine_id,
      model_type: version.model_type,
      model_version: version.version,
      activated_by: activatedBy,
      reason,
    });
  }

  activationHistory(machineId: string, modelType: ModelType): Promise<ModelVersionActivation[]> {
    return this.uow.manager.find(ModelVersionActivation, {
      where: { machine_id: machineId, model_type: modelType },
      order: { activated_at: 'DESC' },
      take: 500,
    });
  }
}

/**
 * The energy_baselines row of id $1 as an external baseline version, in the column order of
 * mps_model_versions (a CTE named `external`): the same id (so the predecessor's rows that name it
 * keep pointing at it), its algorithm, coefficients, intercept, feature names and training window,
 * its version number when the registry has it free (else the next one, the EnMS's kept as
 * source_version), and the energy type its readings carry ('electrical' for the EnMS's
 * 'electricity' source). It is a candidate: activating it is a person's decision.
 */
const VERSION_COLUMNS = `id, machine_id, model_type, version, algorithm, status, parameters, hyperparameters,
  feature_names, training_data_start, training_data_end, training_samples, training_metrics, validation_metrics,
  training_job_id, created_at, activated_at`;

function enmsBaselineAsVersion(withEnergySource: boolean): string {
  const sourceName = withEnergySource
    ? `(SELECT s.name FROM energy_sources s WHERE s.id = eb.energy_source_id)`
    : `NULL::text`;
  return `
    WITH eb AS (SELECT eb.*, ${sourceName} AS source_name FROM energy_baselines eb WHERE eb.id = $1),
    taken AS (SELECT coalesce(max(v.version), 0) AS top,
                     bool_or(v.version = (SELECT coalesce(model_version, 1) FROM eb)) AS clash
                FROM mps_model_versions v, eb WHERE v.machine_id = eb.machine_id AND v.model_type = 'baseline'),
    external AS (
      SELECT eb.id, eb.machine_id, 'baseline'::text AS model_type,
             CASE WHEN coalesce(taken.clash, false) THEN taken.top + 1 ELSE coalesce(eb.model_version, 1) END AS version,
             'enms_' || coalesce(eb.model_type, 'linear_regression') AS algorithm, 'candidate'::text AS status,
             jsonb_build_object(
               'algorithm', '${ENMS_ALGORITHM}',
               'coefficients', CASE WHEN jsonb_typeof(eb.coefficients) = 'string'
                                    THEN (eb.coefficients #>> '{}')::jsonb ELSE eb.coefficients END,
               'intercept', coalesce(eb.intercept, 0)::float8,
               'feature_names', to_jsonb(eb.feature_names),
               'source', 'energy_baselines', 'source_version', eb.model_version, 'model_name', eb.model_name
             ) AS parameters,
             jsonb_build_object('interval', 'hour', 'external', true, 'energy_type', coalesce(
               (SELECT r.energy_type FROM energy_readings r
                 WHERE r.machine_id = eb.machine_id
                   AND r.energy_type IN (eb.source_name, CASE WHEN eb.source_name IS NULL OR eb.source_name = 'electricity'
                                                              THEN 'electrical' END)
                 LIMIT 1),
               eb.source_name, 'electrical')) AS hyperparameters,
             to_jsonb(eb.feature_names) AS feature_names, eb.training_start_date AS training_data_start,
             eb.training_end_date AS training_data_end, eb.training_samples,
             jsonb_strip_nulls(jsonb_build_object('r_squared', eb.r_squared::float8, 'rmse', eb.rmse::float8,
                                                  'mae', eb.mae::float8)) AS training_metrics,
             NULL::jsonb AS validation_metrics, NULL::uuid AS training_job_id,
             coalesce(eb.created_at, now()) AS created_at, NULL::timestamptz AS activated_at
        FROM eb CROSS JOIN taken)`;
}
