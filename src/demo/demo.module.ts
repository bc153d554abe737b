import { Module } from '@nestjs/common';
import { MachinesModule } from '../machines/machines.module';
import { DemoLoader } from './demo-loader';

@Module({ imports: [MachinesModule], providers: [DemoLoader], exports: [DemoLoader] })
export class DemoModule {}
