import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-error';
import { Page } from '../common/pagination';
import { generateApiKey, hashApiKey, Role } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKey } from './entities/api-key.entity';

export type ApiKeyView = Omit<ApiKey, 'key_hash'>;

function view(key: ApiKey): ApiKeyView {
  const { key_hash: _hash, ...rest } = key;
  return rest;
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  /** Creates a key and returns it in plain text: the only time it is ever shown. */
  async create(name: string, role: Role, createdBy: string): Promise<ApiKeyView & { key: string }> {
    const key = generateApiKey();
    const row = await this.keys.create({ name, role, key_hash: hashApiKey(key), created_by: createdBy });
    return { ...view(row), key };
  }

  async list(includeRevoked: boolean, limit: number, offset: number): Promise<Page<ApiKeyView>> {
    const page = await this.keys.list(includeRevoked, limit, offset);
    return { ...page, items: page.items.map(view) };
  }

  async revoke(id: string): Promise<ApiKeyView> {
    await this.keys.revoke(id);
    const row = await this.keys.findById(id);
    if (!row) throw new NotFoundError('api key', id, 'id');
    return view(row);
  }
}
