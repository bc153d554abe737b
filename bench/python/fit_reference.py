"""Reference fits for the fitting benchmark (bench/fitting.bench.ts), in scikit-learn and statsmodels.

    fit_reference.py --check        prints the versions as JSON, exit 3 when a package is missing
    fit_reference.py CASES.json     fits every case, prints the timings and results as JSON

The bench writes CASES.json with the same rows it fits in Node. Each case is timed inside this
interpreter with time.perf_counter around the fit call alone (start-up, imports and reading the
file are not counted), after warm-up fits, so the times compare with the Node side's
performance.now() around its own fit call. The bench starts this script with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set (1 by default: our fits run on one thread).
"""

import json
import math
import os
import platform
import sys
import time
import warnings

try:
    import numpy as np
    import sklearn
    import statsmodels
    import statsmodels.api as sm
    from sklearn.ensemble import IsolationForest
    from sklearn.linear_model import LinearRegression
    from statsmodels.tsa.arima.model import ARIMA
except ImportError as missing:
    print(json.dumps({"available": False, "missing": str(missing)}))
    sys.exit(3)


def versions():
    info = {
        "available": True,
        "python": platform.python_version(),
        "executable": sys.executable,
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "statsmodels": statsmodels.__version__,
        "thread_env": {
            name: os.environ.get(name)
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        },
    }
    try:
        from threadpoolctl import threadpool_info

        info["threadpools"] = [
            {key: pool.get(key) for key in ("user_api", "internal_api", "num_threads", "version")}
            for pool in threadpool_info()
        ]
    except ImportError:
        info["threadpools"] = None
    return info


def timed(fit, warmups, repetitions):
    """Seconds of each call of fit(), warm-ups first; returns the last call's result."""
    warmup_seconds, seconds, result = [], [], None
    for i in range(warmups + repetitions):
        start = time.perf_counter()
        result = fit()
        elapsed = time.perf_counter() - start
        (warmup_seconds if i < warmups else seconds).append(elapsed)
    return warmup_seconds, seconds, result


def linear_regression(case):
    x, y = np.asarray(case["x"], dtype=float), np.asarray(case["y"], dtype=float)
    fit = lambda: LinearRegression().fit(x, y)
    return fit, lambda model: {"intercept": float(model.intercept_), "coefficients": model.coef_.tolist()}


def ols_with_inference(case):
    """statsmodels OLS plus the inference our baseline reports (standard errors, p-values, F test)."""
    x = sm.add_constant(np.asarray(case["x"], dtype=float), has_constant="add")
    y = np.asarray(case["y"], dtype=float)

    def fit():
        results = sm.OLS(y, x).fit()
        return results, (results.bse, results.pvalues, results.rsquared_adj, results.fvalue, results.f_pvalue)

    def describe(fitted):
        params = fitted[0].params
        return {"intercept": float(params[0]), "coefficients": params[1:].tolist()}

    return fit, describe


def isolation_forest(case):
    x = np.asarray(case["x"], dtype=float)
    settings = case["settings"]
    fit = lambda: IsolationForest(**settings).fit(x)
    return fit, lambda model: {"flagged": int((model.predict(x) == -1).sum()), "rows": int(x.shape[0])}


def huber_rlm(case):
    """Huber M-estimation (IRLS) of energy on context dummies + drivers: our detector's estimator."""
    contexts = np.asarray(case["contexts"], dtype=int)
    dummies = np.zeros((contexts.size, int(case["levels"])))
    dummies[np.arange(contexts.size), contexts] = 1.0
    x = np.hstack([dummies, np.asarray(case["drivers"], dtype=float).reshape(contexts.size, -1)])
    y = np.asarray(case["y"], dtype=float)
    norm = sm.robust.norms.HuberT(t=case["huber_k"])
    # conv="weights": stop when no weight moves by more than tol, our detector's criterion.
    fit = lambda: sm.RLM(y, x, M=norm).fit(maxiter=case["max_iterations"], tol=case["tolerance"], conv="weights")
    return fit, lambda results: {"iterations": int(results.fit_history["iteration"]), "rows": int(y.size)}


def arima_search(case):
    """The same order search as src/models/algorithms/arima.ts, each candidate fitted by statsmodels' ARIMA."""
    series = np.asarray(case["series"], dtype=float)
    d, seasonal_d, season = case["d"], case["seasonal_d"], case["season"]
    lower, upper = case["bounds"]

    def evaluate(order, seasonal_order):
        if order[0] + order[2] + seasonal_order[0] + seasonal_order[2] == 0:
            return None  # ours rejects such a candidate without fitting it
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                results = ARIMA(series, order=order, seasonal_order=seasonal_order).fit()
            except (ValueError, np.linalg.LinAlgError):
                return {"order": [*order, *seasonal_order], "aic": None, "accepted": False}
            forecast = results.forecast(case["horizon"])
        aic = float(results.aic)
        ok = (
            math.isfinite(aic)
            and bool(results.mle_retvals.get("converged", True))
            and bool(np.all(np.isfinite(forecast)))
            and bool(np.all((forecast >= lower) & (forecast <= upper)))
        )
        return {"order": [*order, *seasonal_order], "aic": aic, "accepted": ok}

    # Untimed: statsmodels imports parts of itself lazily on the first fit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ARIMA(series[:200], order=(1, d, 0)).fit()

    def search():
        evaluations = []
        no_seasonal_terms = (0, seasonal_d, 0, season if seasonal_d > 0 else 0)
        for p in range(case["max_p"] + 1):
            for q in range(case["max_q"] + 1):
                evaluations.append(evaluate((p, d, q), no_seasonal_terms))
        ranked = sorted((e for e in evaluations if e and e["accepted"]), key=lambda e: e["aic"])
        small = case["max_seasonal_base"]
        base = next((e for e in ranked if e["order"][0] <= small and e["order"][2] <= small), None)
        if case["season"] >= 2 and base is not None:
            for big_p in range(case["max_seasonal_p"] + 1):
                for big_q in range(case["max_seasonal_q"] + 1):
                    if big_p + big_q > 0:
                        order = (base["order"][0], d, base["order"][2])
                        evaluations.append(evaluate(order, (big_p, seasonal_d, big_q, season)))
        fitted = [e for e in evaluations if e]
        ranked = sorted((e for e in fitted if e["accepted"]), key=lambda e: e["aic"])
        return {
            "fits": len(fitted),
            "rejected": len(fitted) - len(ranked),
            "order": ranked[0]["order"] if ranked else None,
            "aic": ranked[0]["aic"] if ranked else None,
        }

    return search, lambda result: result


KINDS = {
    "linear_regression": linear_regression,
    "ols_with_inference": ols_with_inference,
    "isolation_forest": isolation_forest,
    "huber_rlm": huber_rlm,
    "arima_search": arima_search,
}


def main(argv):
    if len(argv) == 2 and argv[1] == "--check":
        print(json.dumps(versions()))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        cases = json.load(file)["cases"]
    out = []
    for case in cases:
        fit, describe = KINDS[case["kind"]](case)
        warmup_seconds, seconds, result = timed(fit, case["warmups"], case["repetitions"])
        out.append(
            {"id": case["id"], "warmup_seconds": warmup_seconds, "seconds": seconds, "result": describe(result)}
        )
        print(f"{case['id']}: median {sorted(seconds)[len(seconds) // 2]:.4f} s", file=sys.stderr, flush=True)
    print(json.dumps({**versions(), "cases": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
