import { classificationMetrics, rocAuc } from './classification-metrics';

describe('rocAuc', () => {
  it('is the Mann-Whitney probability, ties counting one half', () => {
    // Positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4: of the 6 pairs the positive wins 4,
    // loses 1 (0.35 < 0.4) and ties 1 (0.4 = 0.4), so AUC = (4 + 0.5) / 6 = 0.75.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4], [false, false, true, true, true])).toBeCloseTo(0.75, 15);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when every score ties', () => {
    const labels = [false, false, true, true];
    expect(rocAuc([1, 2, 3, 4], labels)).toBe(1);
    expect(rocAuc([4, 3, 2, 1], labels)).toBe(0);
    expect(rocAuc([7, 7, 7, 7], labels)).toBe(0.5);
  });

  it('needs both classes, one label per score and finite scores', () => {
    expect(() => rocAuc([1, 2], [true, true])).toThrow(/both positive and negative/);
    expect(() => rocAuc([1, 2], [true])).toThrow(RangeError);
    expect(() => rocAuc([1, Number.NaN], [true, false])).toThrow(/finite/);
  });
});

describe('classificationMetrics', () => {
  it('counts the confusion matrix and derives precision, recall and F1', () => {
    const flags = [true, true, true, false, false, false];
    const labels = [true, true, false, true, false, false];
    expect(classificationMetrics(flags, labels)).toEqual({
      true_positives: 2,
      false_positives: 1,
      false_negatives: 1,
      true_negatives: 2,
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 4 / 6,
    });
  });

  it('reports undefined ratios as null', () => {
    expect(classificationMetrics([false, false], [false, false])).toMatchObject({
      precision: null,
      recall: null,
      f1: null,
    });
  });
});
