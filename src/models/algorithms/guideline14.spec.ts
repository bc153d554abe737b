import { GUIDELINE14_LIMITS, guideline14Verdict } from './guideline14';

describe('guideline14Verdict', () => {
  it('applies 30 % / 10 % to hourly and 15 % / 5 % to daily and monthly models, limits included', () => {
    expect(GUIDELINE14_LIMITS.hour).toEqual({ cv_rmse_pct: 30, nmbe_pct: 10 });
    expect(guideline14Verdict({ cv_rmse_pct: 30, nmbe_pct: -10 }, 'hour').passes).toBe(true);
    expect(guideline14Verdict({ cv_rmse_pct: 30, nmbe_pct: -10 }, 'day')).toMatchObject({
      cv_rmse_ok: false,
      nmbe_ok: false,
      passes: false,
      limits: { cv_rmse_pct: 15, nmbe_pct: 5 },
    });
    expect(guideline14Verdict({ cv_rmse_pct: 15, nmbe_pct: 5 }, 'month').passes).toBe(true);
    expect(guideline14Verdict({ cv_rmse_pct: 12, nmbe_pct: 5.01 }, 'month')).toMatchObject({
      cv_rmse_ok: true,
      nmbe_ok: false,
      passes: false,
    });
  });

  it('fails metrics that could not be computed', () => {
    expect(guideline14Verdict({ cv_rmse_pct: null, nmbe_pct: null }, 'hour')).toMatchObject({
      cv_rmse_ok: false,
      nmbe_ok: false,
      passes: false,
    });
  });
});
