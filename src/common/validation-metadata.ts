/**
 * class-validator 0.14 resolves a DTO's rules by scanning every registered class at each
 * validation (typestack/class-validator#2686, open): on the hot requests that scan was the
 * largest single cost of the validation pipe. A class's rules, its inherited ones included, are
 * complete once the class is loaded (decorators run at definition), so they are resolved once per
 * class and set of options here, in front of the library's own lookup.
 */
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

const memoised = new WeakSet<object>();

export function memoiseValidationMetadata(): void {
  const storage = getMetadataStorage();
  if (memoised.has(storage)) return;
  memoised.add(storage);
  const resolve = storage.getTargetValidationMetadatas.bind(storage);
  const cache = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map<string, ValidationMetadata[]>()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = resolve(target, schema, always, strictGroups, groups)));
    return rules;
  };
}
