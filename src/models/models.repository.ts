/** SQL of the model registry: versions, the one active version per key, and the activation history. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ModelType } from '../database/columns';
import { ModelVersionActivation } from './entities/model-version-activation.entity';
import { ModelVersion } from './entities/model-version.entity';

@Injectable()
export class ModelsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ModelVersion | null> {
    return manager.findOneBy(ModelVersion, { id });
  }

  findActive(machineId: string, modelType: ModelType, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(ModelVersion, {
      machine_id: machineId,
      model_type: modelType,
      status: 'active',
    });
  }

  listActive(): Promise<ModelVersion[]> {
    return this.dataSource.manager.find(ModelVersion, {
      where: { status: 'active' },
      order: { created_at: 'ASC' },
    });
  }

  async listVersions(machineId: string, modelType: ModelType, limit: number, offset: number) {
    const [items, total] = await this.dataSource.manager.findAndCount(ModelVersion, {
      where: { machine_id: machineId, model_type: modelType },
      order: { version: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /** The next version number; safe because only one job per machine and type runs (unique index). */
  async nextVersion(manager: EntityManager, machineId: string, modelType: ModelType): Promise<number> {
    const [row] = await manager.query<{ next: number }[]>(
      'SELECT coalesce(max(version), 0) + 1 AS next FROM mps_model_versions WHERE machine_id = $1 AND model_type = $2',
      [machineId, modelType],
    );
    return row.next;
  }

  insertVersion(manager: EntityManager, values: Partial<ModelVersion>): Promise<ModelVersion> {
    return manager.save(ModelVersion, manager.create(ModelVersion, values));
  }

  /**
   * Makes `version` the active one: archives the current active version, closes its activation
   * record, opens a new one. Row locks on the key serialise concurrent activations.
   */
  async activate(
    manager: EntityManager,
    version: ModelVersion,
    activatedBy: string,
    reason: string,
  ): Promise<void> {
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
    return this.dataSource.manager.find(ModelVersionActivation, {
      where: { machine_id: machineId, model_type: modelType },
      order: { activated_at: 'DESC' },
      take: 500,
    });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
