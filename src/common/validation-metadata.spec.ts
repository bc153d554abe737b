import { getMetadataStorage, IsInt, Min, validateSync } from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata';

class Window {
  @IsInt() @Min(1) days!: number;
}

class LongWindow extends Window {
  @IsInt() @Min(30) months!: number;
}

describe('memoiseValidationMetadata', () => {
  beforeAll(() => {
    memoiseValidationMetadata();
    memoiseValidationMetadata();
  });

  it('resolves a class and its options once', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Window, '', false, false);
    expect(storage.getTargetValidationMetadatas(Window, '', false, false)).toBe(first);
    expect(storage.getTargetValidationMetadatas(Window, '', false, false, ['admin'])).not.toBe(first);
  });

  it('still validates by the class rules, inherited ones included', () => {
    const input = Object.assign(new LongWindow(), { days: 0, months: 12 });
    for (let round = 0; round < 2; round++) {
      const errors = validateSync(input);
      expect(errors.map((error) => [error.property, Object.keys(error.constraints ?? {})]).sort()).toEqual([
        ['days', ['min']],
        ['months', ['min']],
      ]);
    }
    expect(validateSync(Object.assign(new LongWindow(), { days: 1, months: 30 }))).toEqual([]);
  });
});
