import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page } from '../common/pagination';
import { Machine } from './entities/machine.entity';

export interface MachineFilter {
  type?: string;
  is_active?: boolean;
  limit: number;
  offset: number;
}

@Injectable()
export class MachinesRepository {
  constructor(@InjectRepository(Machine) private readonly machines: Repository<Machine>) {}

  findById(id: string): Promise<Machine | null> {
    return this.machines.findOneBy({ id });
  }

  findByName(name: string): Promise<Machine | null> {
    return this.machines.findOneBy({ name });
  }

  async list(filter: MachineFilter): Promise<Page<Machine>> {
    const where = {
      ...(filter.type !== undefined ? { type: filter.type } : {}),
      ...(filter.is_active !== undefined ? { is_active: filter.is_active } : {}),
    };
    const [items, total] = await this.machines.findAndCount({
      where,
      order: { name: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  create(values: Partial<Machine>): Promise<Machine> {
    return this.machines.save(this.machines.create(values));
  }

  count(): Promise<number> {
    return this.machines.count();
  }
}
