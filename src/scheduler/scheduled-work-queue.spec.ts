import { asBatch } from './scheduled-work-queue';

describe('asBatch', () => {
  it('reads a message of the single-item format (queued before batches) as a batch of one', () => {
    expect(asBatch({ job: 'daily_evaluation', tick: '2026-12-04T02:00:00.000Z', item: 'm-1' })).toEqual({
      job: 'daily_evaluation',
      tick: '2026-12-04T02:00:00.000Z',
      items: ['m-1'],
    });
  });

  it('keeps a batch as it is', () => {
    const batch = { job: 'anomaly_detection', tick: '2026-12-04T03:00:00.000Z', items: ['m-1', 'm-2'] };
    expect(asBatch(batch)).toBe(batch);
  });
});
