/**
 * Column helpers shared by the entities, so that every entity declares PostgreSQL types the
 * way the hand-written migrations create them (the schema-drift test compares both).
 * Properties are snake_case like the columns and the REST contract, so rows map 1:1.
 */
import { Column, ColumnOptions } from 'typeorm';

const nullable = (options: ColumnOptions): ColumnOptions => ({ nullable: true, ...options });

export const TextColumn = (options: ColumnOptions = {}) => Column({ type: 'text', ...options });
export const NullableText = (options: ColumnOptions = {}) => Column(nullable({ type: 'text', ...options }));
export const DoubleColumn = (options: ColumnOptions = {}) =>
  Column(nullable({ type: 'double precision', ...options }));
export const IntColumn = (options: ColumnOptions = {}) => Column(nullable({ type: 'integer', ...options }));
export const JsonColumn = (options: ColumnOptions = {}) => Column(nullable({ type: 'jsonb', ...options }));
export const UuidColumn = (options: ColumnOptions = {}) => Column(nullable({ type: 'uuid', ...options }));
export const TimestampColumn = (options: ColumnOptions = {}) =>
  Column(nullable({ type: 'timestamptz', ...options }));
export const CreatedAtColumn = () => Column({ type: 'timestamptz', default: () => 'now()' });
export const EmptyJsonObject = () => JsonColumn({ nullable: false, default: {} });

// The predecessor's columns, declared with its types (13-model-performance-tracking.sql): varchar
// of its lengths, numeric (its DECIMAL(p, s), widened), text[], nullable defaults.
export const Varchar = (length: number, options: ColumnOptions = {}) =>
  Column({ type: 'varchar', length, ...options });
export const NumericColumn = (options: ColumnOptions = {}) =>
  Column(nullable({ type: 'numeric', ...options }));
export const TextArrayColumn = (options: ColumnOptions = {}) =>
  Column(nullable({ type: 'text', array: true, ...options }));
/** The predecessor's jsonb columns: DEFAULT '{}' but nullable. */
export const JsonDefaultEmpty = () => JsonColumn({ default: {} });
/** The predecessor's created_at: DEFAULT now() but nullable. */
export const NullableCreatedAt = () => TimestampColumn({ default: () => 'now()' });
/** 'predecessor' on the rows an adopted database had, 'service' on the ones this service wrote. */
export const ORIGINS = ['predecessor', 'service'] as const;
export type Origin = (typeof ORIGINS)[number];
export const OriginColumn = () => TextColumn({ default: 'service' });
export const originCheck = (table: string) =>
  [`chk_${table}_origin`, `"origin" IN ('predecessor', 'service')`] as const;
