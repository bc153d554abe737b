"""Exact ARIMA log-likelihoods from statsmodels, for src/models/algorithms/arima*.spec.ts.

    /usr/bin/python3 bench/python/arima_likelihood_reference.py > test/reference/arima-likelihood.json

Why a second file beside arima.json: statsmodels' ARIMA class (0.13) puts the integration states of
a model with d > 0 in the state vector with an *approximate* diffuse prior (variance 1e6) and drops
the first d observations from the likelihood, so its llf for d = 1 depends on the data's scale and is
not the exact likelihood. The exact likelihood of an ARIMA(p,1,q) is that of the differenced series
(SARIMAX with simple_differencing=True), which is what the service maximises. This script computes:

- for each arima.json case, the exact log-likelihood at the reference parameters, and the maximum
  of the exact likelihood for the same order (best of several statsmodels fits);
- a forecast with fixed parameters after appending 7 observations (results.append, refit=False);
- the demo series: b40 hourly electricity and the steel plant's hourly sums in the default training
  window of a forecast_arima job (9 weeks before the holdout week 25-31 Dec), regression on the
  weekly Fourier terms sin/cos(2*pi*k*t/168), k = 1..40, t = hours since Monday 1970-01-05 00:00
  local time, with ARIMA(p,1,q) errors of the order the service chooses there.
"""
import gzip
import io
import json
import platform
import warnings

import numpy as np
import pandas as pd
import scipy
import statsmodels
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.filterwarnings("ignore")
ROOT = __file__.rsplit("/bench/", 1)[0]


def best_fit(model, starts, methods=("lbfgs", "powell")):
    """The best llf over fits from statsmodels' own start and the given ones, with each method."""
    best = None
    for start in [None] + starts:
        for method in methods:
            try:
                res = model.fit(start_params=start, method=method, maxiter=2000, disp=False)
            except Exception:  # a start outside the admissible region
                continue
            if best is None or res.llf > best.llf:
                best = res
    return best


def reference_cases():
    ref = json.load(open(f"{ROOT}/test/reference/arima.json"))
    y = np.array(ref["series"], dtype=float)
    out = []
    for case in ref["cases"]:
        p, d, q = case["order"]
        params = np.array(case["params"])
        if d == 0:
            # The ARIMA class parameterises the constant as the mean (as the reference does);
            # SARIMAX's trend 'c' is the intercept of the AR recursion: the same maximum.
            at_reference = float(ARIMA(y, order=(p, 0, q), trend="c").loglike(params))
            model = SARIMAX(y, order=(p, 0, q), trend="c")
            start = np.concatenate([[params[0] * (1 - params[1 : 1 + p].sum())], params[1:]])
        else:
            model = SARIMAX(np.diff(y, d), order=(p, 0, q), trend="n")
            at_reference = float(model.loglike(params))
            start = params
        fit = best_fit(model, [start])
        out.append(
            {
                "order": case["order"],
                "with_constant": case["with_constant"],
                "param_names": list(model.param_names),
                "reference_params": case["params"],
                "exact_loglike_at_reference_params": at_reference,
                "exact_llf": float(fit.llf),
                "exact_params": [float(v) for v in fit.params],
                "arima_json_llf": case["llf"],
            }
        )
    # Forecast with fixed parameters after appending observations (no refit).
    case = ref["cases"][2]
    res = ARIMA(y, order=tuple(case["order"])).filter(np.array(case["params"]))
    appended = res.append(np.array(ref["actual_next_14"][:7]), refit=False)
    forecast = {
        "order": case["order"],
        "params": case["params"],
        "appended": ref["actual_next_14"][:7],
        "forecast_7": [float(v) for v in appended.forecast(7)],
    }
    return out, forecast


def fourier(first, n, harmonics=40, period=168):
    t = (first + np.arange(n)) % period
    cols, names = [], []
    for k in range(1, harmonics + 1):
        w = 2 * np.pi * k / period
        if 2 * k != period:
            cols.append(np.sin(w * t))
            names.append(f"sin{k}")
        cols.append(np.cos(w * t))
        names.append(f"cos{k}")
    return np.column_stack(cols), names


MONDAY = pd.Timestamp("1970-01-05")


def demo_series():
    b40 = pd.read_csv(f"{ROOT}/data/cambridge_b40_2013_2015_hourly.csv.gz", parse_dates=["timestamp_utc"])
    b40 = b40.set_index("timestamp_utc")["electricity_kwh"]
    raw = pd.read_csv(f"{ROOT}/data/Steel_industry_data.csv.gz")
    t = pd.to_datetime(raw["date"], format="%d/%m/%Y %H:%M")
    t = t + pd.to_timedelta((raw["NSM"] == 0).astype(int), unit="D") - pd.Timedelta(minutes=15)
    steel = pd.Series(raw["Usage_kWh"].values, index=t).sort_index().resample("h").sum()
    return {
        "b40_electricity": (b40, "2015-10-23 00:00", "2015-12-25 00:00", (2, 1, 3)),
        "steel": (steel, "2018-10-23 00:00", "2018-12-25 00:00", (3, 1, 3)),
    }


def demo_cases():
    out = []
    for name, (series, start, end, order) in demo_series().items():
        y = series[(series.index >= start) & (series.index < end)]
        first = int((pd.Timestamp(start) - MONDAY) / pd.Timedelta(hours=1))
        x, names = fourier(first, len(y))
        model = SARIMAX(y.values, exog=x, order=order, trend="n", simple_differencing=True)
        fit = best_fit(model, [], methods=("lbfgs",))
        out.append(
            {
                "name": name,
                "window": [start, end],
                "first_position": first,
                "n": int(len(y)),
                "order": list(order),
                "regressors": f"{len(names)} weekly Fourier terms (k = 1..40)",
                "exact_llf": float(fit.llf),
                "converged": bool(fit.mle_retvals.get("converged", True)),
            }
        )
    return out


cases, appended = reference_cases()
print(
    json.dumps(
        {
            "generated_with": {
                "python": platform.python_version(),
                "numpy": np.__version__,
                "scipy": scipy.__version__,
                "statsmodels": statsmodels.__version__,
                "pandas": pd.__version__,
                "script": "bench/python/arima_likelihood_reference.py",
            },
            "about": "Exact Gaussian log-likelihoods of ARIMA models in statsmodels (module docstring of the script): for d = 0 the ARIMA class with trend 'c'; for d = 1 SARIMAX on the differenced series (trend 'n'), because statsmodels' ARIMA class uses an approximate diffuse prior for the integration state. exact_llf is the best of several statsmodels fits (lbfgs and powell, from statsmodels' start and the reference parameters). Tolerance: the service's maximised log-likelihood within 1e-4 relative of exact_llf; its likelihood function at the reference parameters within 1e-9 relative of exact_loglike_at_reference_params.",
            "cases": cases,
            "appended_forecast": appended,
            "demo": demo_cases(),
        },
        indent=1,
    )
)
