"""The two estimates, with well-kept libraries: linearmodels' PanelOLS for difference-in-differences and rdrobust
(with rddensity) for the fuzzy regression discontinuity. Each returns the fields of the public result; with too
little data it returns no number and says so ("datos insuficientes"), never a fragile estimate.

Inputs are pandas frames from `panel.call_data`: `values` (rut, year, value, funded) and `who` (rut, score, funded).
"""

import contextlib
import io
import math
import warnings

import numpy as np
import pandas as pd

MIN_PER_ARM = 30  # fewer firms in either group gives no estimate (issue 13)
MIN_NEAR_CUTOFF = 10  # observations inside the bandwidth on each side of the cutoff
ALPHA = 0.05


def _empty(**extra) -> dict:
    return {
        "estimate": None,
        "std_error": None,
        "ci_low": None,
        "ci_high": None,
        "n_treated": 0,
        "n_control": 0,
        "bandwidth": None,
        "first_stage": None,
        "warnings": [],
    } | extra


def _num(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, 6)


def _p(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def insufficient(result: dict, why: str) -> dict:
    result.update(estimate=None, std_error=None, ci_low=None, ci_high=None)
    result["warnings"].insert(0, f"Datos insuficientes: {why}. No se entrega una estimación.")
    return result


def did(values: pd.DataFrame, *, call_year: int) -> dict:
    """Two-way fixed effects (firm and year), treated = funded, post = years after the call's year; SE clustered by
    firm (linearmodels' PanelOLS). Pre-trend check: before the call, did funded and comparison firms already grow at
    different rates? (Welch's t-test on each firm's pre-period slope; its failure is a warning.)"""
    from linearmodels.panel import PanelOLS  # noqa: PLC0415 (heavy library, loaded only when this runs)

    result = _empty()
    df = values.loc[values["value"].notna(), ["rut", "year", "value", "funded"]]
    post = df["year"].to_numpy() > call_year
    firm, _ = pd.factorize(df["rut"])  # integer firm keys: grouping and demeaning ints is several times faster
    # Only firms seen both before and after inform the comparison of changes.
    n_firms = firm.max() + 1 if len(firm) else 0
    has_post = np.bincount(firm, weights=post, minlength=n_firms) > 0
    has_pre = np.bincount(firm, weights=~post, minlength=n_firms) > 0
    keep = (has_post & has_pre)[firm]
    df, firm, post = df[keep], firm[keep], post[keep]
    funded_firm = np.zeros(n_firms, dtype=bool)
    funded_firm[firm] = df["funded"].to_numpy(bool)
    both = has_post & has_pre
    result["n_treated"] = int((funded_firm & both).sum())
    result["n_control"] = int((~funded_firm & both).sum())
    if min(result["n_treated"], result["n_control"]) < MIN_PER_ARM:
        return insufficient(
            result,
            f"se necesitan al menos {MIN_PER_ARM} empresas financiadas y {MIN_PER_ARM} de comparación con datos "
            f"antes y después de la convocatoria (hay {result['n_treated']} y {result['n_control']})",
        )
    index = pd.MultiIndex.from_arrays([firm, df["year"].to_numpy()], names=["firm", "year"])
    y = pd.Series(df["value"].to_numpy(float), index=index, name="value")
    x = pd.DataFrame({"treat_post": (df["funded"].to_numpy(bool) & post).astype(float)}, index=index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = PanelOLS(y, x, entity_effects=True, time_effects=True).fit(cov_type="clustered", cluster_entity=True)
    ci = fit.conf_int(level=0.95).loc["treat_post"]
    result.update(
        estimate=_num(fit.params["treat_post"]),
        std_error=_num(fit.std_errors["treat_post"]),
        ci_low=_num(ci["lower"]),
        ci_high=_num(ci["upper"]),
    )
    result["warnings"].extend(_pre_trend(df[~post], firm[~post], call_year))
    return result


def _pre_trend(pre: pd.DataFrame, firm: np.ndarray, call_year: int) -> list[str]:
    from scipy.stats import ttest_ind  # noqa: PLC0415 (heavy library, loaded only when this runs)

    if pre["year"].nunique() < 2:
        return [
            "Hay un solo año de datos antes de la convocatoria: no se puede revisar si los grupos evolucionaban igual."
        ]
    t = pre["year"].to_numpy(float) - call_year
    v = pre["value"].to_numpy(float)
    n = np.bincount(firm).astype(float)
    sums = {name: np.bincount(firm, weights=w) for name, w in (("t", t), ("v", v), ("tt", t * t), ("tv", t * v))}
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = (sums["tv"] - sums["t"] * sums["v"] / n) / (sums["tt"] - sums["t"] ** 2 / n)  # per-firm OLS slope
    funded = np.zeros(len(n), dtype=bool)
    funded[firm] = pre["funded"].to_numpy(bool)
    ok = np.isfinite(slope) & (n >= 2)
    a, b = slope[ok & funded], slope[ok & ~funded]
    if min(len(a), len(b)) < 2:
        return []
    p_value = float(ttest_ind(a, b, equal_var=False).pvalue)
    if p_value < ALPHA:
        return [
            f"Tendencias previas distintas: antes de la convocatoria los dos grupos ya evolucionaban distinto "
            f"(p = {_p(p_value)}). La comparación puede estar sesgada; léala con cautela."
        ]
    return []


def change_per_firm(values: pd.DataFrame, *, call_year: int) -> pd.DataFrame:
    """Per firm: mean after the call's year minus mean up to it (the RD outcome), and the pre-period mean."""
    df = values.dropna(subset=["value"])
    post = df[df["year"] > call_year].groupby("rut")["value"].mean()
    pre = df[df["year"] <= call_year].groupby("rut")["value"].mean()
    out = pd.DataFrame({"pre": pre, "post": post}).dropna()
    out["change"] = out["post"] - out["pre"]
    return out.reset_index(names="rut")


def rd(values: pd.DataFrame, who: pd.DataFrame, *, call_year: int, cutoff) -> dict:
    """Fuzzy RD at the cutoff: running variable = score − cutoff, treatment = funded, outcome = change per firm;
    rdrobust's data-driven bandwidth and robust bias-corrected interval; density test and covariate balance."""
    from rdrobust import rdrobust  # noqa: PLC0415 (heavy library, loaded only when this runs)

    result = _empty()
    if cutoff is None:
        return insufficient(result, "la convocatoria no tiene puntaje de corte")
    change = change_per_firm(values, call_year=call_year)
    df = change.merge(who[["rut", "score", "funded"]], on="rut").dropna(subset=["score"])
    result["n_treated"] = int(df["funded"].sum())
    result["n_control"] = int((~df["funded"]).sum())
    if min(result["n_treated"], result["n_control"]) < MIN_PER_ARM:
        return insufficient(
            result,
            f"se necesitan al menos {MIN_PER_ARM} empresas financiadas y {MIN_PER_ARM} de comparación con puntaje y "
            f"datos antes y después (hay {result['n_treated']} y {result['n_control']})",
        )
    x = (df["score"] - float(cutoff)).to_numpy(float)
    y = df["change"].to_numpy(float)
    d = df["funded"].to_numpy(float)
    if min((x < 0).sum(), (x >= 0).sum()) < MIN_NEAR_CUTOFF:
        return insufficient(result, "casi no hay postulantes a un lado del puntaje de corte")
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):  # rdrobust prints notes
            warnings.simplefilter("ignore")
            fit = rdrobust(y, x, c=0, fuzzy=d)
    except Exception:  # rdrobust raises plain exceptions (singular matrices) when the data near the cutoff is thin
        return insufficient(result, "no hay suficientes postulantes cerca del puntaje de corte")
    n_left, n_right = (int(n) for n in fit.N_h)
    if min(n_left, n_right) < MIN_NEAR_CUTOFF:
        return insufficient(result, "no hay suficientes postulantes cerca del puntaje de corte")
    result.update(
        estimate=_num(fit.coef.iloc[0, 0]),
        std_error=_num(fit.se.iloc[2, 0]),
        ci_low=_num(fit.ci.iloc[2, 0]),
        ci_high=_num(fit.ci.iloc[2, 1]),
        bandwidth=_num(fit.bws.iloc[0, 0]),
        first_stage=_num(np.asarray(fit.tau_T).ravel()[0]),
    )
    if any(v is None for v in (result["estimate"], result["ci_low"], result["ci_high"])):
        return insufficient(result, "no hay suficientes postulantes cerca del puntaje de corte")
    result["warnings"].extend(_rd_checks(x, df["pre"].to_numpy(float)))
    return result


def _rd_checks(x: np.ndarray, baseline: np.ndarray) -> list[str]:
    from rddensity import rddensity  # noqa: PLC0415 (heavy library, loaded only when this runs)
    from rdrobust import rdrobust  # noqa: PLC0415 (heavy library, loaded only when this runs)

    out = []
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            density = rddensity(X=x, c=0)
        p_value = float(density.test["p_jk"])
    except Exception:
        p_value = float("nan")
    if math.isnan(p_value):
        out.append("No se pudo hacer la prueba de densidad en el corte (muy pocos puntajes distintos).")
    elif p_value < ALPHA:
        out.append(
            f"Prueba de densidad: hay más postulantes de un lado del corte que del otro (p = {_p(p_value)}); "
            "los puntajes podrían haberse ajustado para quedar sobre el corte."
        )
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            balance = rdrobust(baseline, x, c=0)
        p_bal = float(balance.pv.iloc[2, 0])
    except Exception:
        p_bal = float("nan")
    if not math.isnan(p_bal) and p_bal < ALPHA:
        out.append(
            f"Balance de covariables: antes de la convocatoria, quienes quedaron justo sobre y justo bajo el corte ya "
            f"eran distintos en este indicador (p = {_p(p_bal)}); la comparación puede estar sesgada."
        )
    return out
