import { defaultTestStart, insideAnyTrainingWindow, pairOutsideTraining, ScoredPoint } from './test-window';

const at = (iso: string) => new Date(iso);
const now = at('2026-03-01T00:00:00Z');

describe('defaultTestStart', () => {
  it('is the later end of the two training windows', () => {
    const start = defaultTestStart(
      [
        { start: at('2013-01-01T00:00:00Z'), end: at('2015-01-01T00:00:00Z') },
        { start: at('2014-01-01T00:00:00Z'), end: at('2015-06-01T00:00:00Z') },
      ],
      now,
    );
    expect(start).toEqual(at('2015-06-01T00:00:00Z'));
  });

  it('is now when neither training end is known', () => {
    expect(defaultTestStart([{ start: null, end: null }], now)).toEqual(now);
  });
});

describe('insideAnyTrainingWindow', () => {
  const windows = [{ start: at('2014-01-01T00:00:00Z'), end: at('2015-01-01T00:00:00Z') }];

  it('treats the window as [start, end)', () => {
    expect(insideAnyTrainingWindow(at('2014-01-01T00:00:00Z'), windows)).toBe(true);
    expect(insideAnyTrainingWindow(at('2014-12-31T23:00:00Z'), windows)).toBe(true);
    expect(insideAnyTrainingWindow(at('2015-01-01T00:00:00Z'), windows)).toBe(false);
    expect(insideAnyTrainingWindow(at('2013-12-31T00:00:00Z'), windows)).toBe(false);
  });

  it('extends an open bound and ignores a window with no known bound', () => {
    expect(insideAnyTrainingWindow(at('2000-01-01T00:00:00Z'), [{ start: null, end: windows[0].end }])).toBe(
      true,
    );
    expect(insideAnyTrainingWindow(at('2000-01-01T00:00:00Z'), [{ start: null, end: null }])).toBe(false);
  });
});

describe('pairOutsideTraining', () => {
  const day = (date: string, actual: number, expected: number | null): ScoredPoint => ({
    time: at(`${date}T00:00:00Z`),
    start: date,
    actual_kwh: actual,
    expected_kwh: expected,
  });

  it('pairs what both versions predicted, in time order, leaving out training intervals', () => {
    const a = [
      day('2015-01-03', 30, 31),
      day('2014-12-31', 10, 11),
      day('2015-01-01', 20, 21),
      day('2015-01-02', 25, null),
    ];
    const b = [
      day('2015-01-01', 20, 19),
      day('2015-01-02', 25, 24),
      day('2015-01-03', 30, 29),
      day('2014-12-31', 10, 9),
    ];
    const paired = pairOutsideTraining(a, b, [
      { start: at('2013-01-01T00:00:00Z'), end: at('2015-01-01T00:00:00Z') },
    ]);
    expect(paired).toEqual({
      actual: [20, 30],
      expectedA: [21, 31],
      expectedB: [19, 29],
      excluded_training_intervals: 1,
    });
  });
});
