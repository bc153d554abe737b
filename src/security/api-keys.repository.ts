import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { IsNull, Repository } from 'typeorm';
import { Page } from '../common/pagination';
import { ApiKey } from './entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get keys(): Repository<ApiKey> {
    return this.uow.manager.getRepository(ApiKey);
  }

  create(values: Pick<ApiKey, 'name' | 'role' | 'key_hash' | 'created_by'>): Promise<ApiKey> {
    return this.keys.save(this.keys.create(values));
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ id });
  }

  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ key_hash: keyHash, revoked_at: IsNull() });
  }

  async list(includeRevoked: boolean, limit: number, offset: number): Promise<Page<ApiKey>> {
    const [items, total] = await this.keys.findAndCount({
      where: includeRevoked ? {} : { revoked_at: IsNull() },
      order: { created_at: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /** Sets revoked_at once; a second revoke keeps the first time. */
  async revoke(id: string): Promise<void> {
    await this.keys.query('UPDATE mps_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
      id,
    ]);
  }

  /** At most one write per key and minute, so reads do not turn into a write each. */
  async touch(id: string): Promise<void> {
    await this.keys.query(
      `UPDATE mps_api_keys SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
