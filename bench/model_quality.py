#!/usr/bin/python3
"""Model quality against the truth and against scikit-learn, for bench/model_quality.sh.

For each response rate: the held-out cohort's truth.tsv and outcomes, ketapgx's evaluate
metrics, and the train/test feature matrices (ketapgx features) on which scikit-learn
logistic regressions are fitted; then the batch-shifted test cohort scored both ways.
Prints one table and whether every target is met. Usage: model_quality.py WORKDIR SHIFT
"""
import csv
import json
import sys

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

work, shift = sys.argv[1], sys.argv[2]
CLASSES = ["PM", "IM", "NM", "RM", "UM"]
RATES = ["0.35", "0.50", "0.55", "0.70"]


def table(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def features(path):
    rows = table(path)
    names = [c for c in rows[0] if c != "sample_id"]
    x = np.array([[np.nan if r[c] == "NA" else float(r[c]) for c in names] for r in rows])
    return [r["sample_id"] for r in rows], names, x


def ece(p, y, bins=10):
    """As ketapgx computes it: 10 equal-width bins, weighted |mean p - observed|."""
    b = np.minimum(bins - 1, (np.asarray(p) * bins).astype(int))
    total = 0.0
    for k in range(bins):
        m = b == k
        if m.any():
            total += m.sum() / len(p) * abs(np.mean(np.asarray(p)[m]) - np.mean(np.asarray(y)[m]))
    return total


def metrics(path):
    return json.load(open(path))["metrics"]


def is_expression(name):
    return name.startswith("expr:") or name.startswith("expr_set:")


def sklearn_models(rate, without_expression=False):
    ids_tr, names_tr, x_tr = features(f"{work}/train_{rate}_features.features.tsv")
    out_tr = {r["sample_id"]: r for r in table(f"{work}/train_{rate}/outcomes.tsv")}
    y_tr = np.array([int(out_tr[i]["responder"]) for i in ids_tr])
    m_tr = np.array([CLASSES.index(out_tr[i]["metabolizer_class"]) for i in ids_tr])
    # Features with no value in training (genes without variants are constant, which is harmless) are dropped.
    keep = [j for j in range(x_tr.shape[1]) if not np.all(np.isnan(x_tr[:, j]))
            and not (without_expression and is_expression(names_tr[j]))]
    lr = make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression(max_iter=2000)).fit(x_tr[:, keep], y_tr)
    lrm = make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression(max_iter=4000, class_weight="balanced"))
    lrm.fit(x_tr[:, keep], m_tr)
    return names_tr, keep, lr, lrm


def test_set(path_features, path_truth, names_tr):
    ids, names, x = features(path_features)
    assert names == names_tr, "train and test feature columns differ"
    truth = {r["sample_id"]: r for r in table(path_truth)}
    y = np.array([int(truth[i]["responder"]) for i in ids])
    m = np.array([CLASSES.index(truth[i]["metabolizer_class"]) for i in ids])
    p_true = np.array([float(truth[i]["p_responder"]) for i in ids])
    g = np.array([CLASSES.index(truth[i]["genetic_class"]) for i in ids])
    return x, y, m, p_true, g


rows = []
ok = True


def row(name, value, note="", passed=None):
    global ok
    if passed is not None:
        ok = ok and passed
        note = f"{note} {'ok' if passed else 'MISSED'}"
    rows.append((name, value, note))


for rate in RATES:
    names_tr, keep, lr, lrm = sklearn_models(rate)
    x, y, m, p_true, g = test_set(f"{work}/test_{rate}_features.features.tsv", f"{work}/test_{rate}/truth.tsv", names_tr)
    k = metrics(f"{work}/eval_{rate}.metrics.json")
    auc_true, ece_true = roc_auc_score(y, p_true), ece(p_true, y)
    p_lr = lr.predict_proba(x[:, keep])[:, 1]
    auc_k, ece_k = k["responder"]["auroc"]["value"], k["responder"]["ece"]["value"]
    ba_k, ba_true = k["metabolizer"]["balanced_accuracy"]["value"], balanced_accuracy_score(m, g)
    ba_lr = balanced_accuracy_score(m, lrm.predict(x[:, keep]))
    rows.append((f"-- response rate {rate}: observed {np.mean(y):.3f} in the test cohort", None, ""))
    row("  responder AUROC, true probabilities", auc_true)
    row("  responder AUROC, ketapgx", auc_k, f"ratio to truth {auc_k / auc_true:.3f} (target >= 0.95)", auc_k >= 0.95 * auc_true)
    row("  responder AUROC, sklearn logistic regression", roc_auc_score(y, p_lr), f"ketapgx - sklearn {auc_k - roc_auc_score(y, p_lr):+.4f}")
    row("  responder ECE, true probabilities (noise floor)", ece_true)
    row("  responder ECE, ketapgx", ece_k, "target <= 0.05", ece_k <= 0.05)
    row("  responder ECE, sklearn logistic regression", ece(p_lr, y))
    row("  mean p_responder, ketapgx", k["responder"]["mean_predicted"], f"observed {k['responder']['prevalence']:.4f}")
    row("  metabolizer balanced accuracy, genetic classes", ba_true)
    row("  metabolizer balanced accuracy, ketapgx", ba_k, f"ratio {ba_k / ba_true:.3f} (target >= 0.9)", ba_k >= 0.9 * ba_true)
    row("  metabolizer balanced accuracy, sklearn", ba_lr, f"ketapgx - sklearn {ba_k - ba_lr:+.4f}")

# The batch-shifted test cohort (rate 0.55 people, expression shifted per gene).
names_tr, keep, lr, lrm = sklearn_models("0.55")
x, y, m, p_true, g = test_set(f"{work}/test_shifted_features.features.tsv", f"{work}/test_shifted/truth.tsv", names_tr)
auc_true = roc_auc_score(y, p_true)
base = metrics(f"{work}/eval_0.55.metrics.json")["responder"]
sb = metrics(f"{work}/eval_shifted_bundle.metrics.json")["responder"]
sc = metrics(f"{work}/eval_shifted_cohort.metrics.json")["responder"]
shifted = json.load(open(f"{work}/eval_shifted_bundle.metrics.json"))["cohort_checks"]
p_lr = lr.predict_proba(x[:, keep])[:, 1]
rows.append((f"-- batch shift {shift} log2 units per SD of N(0,1) per gene (rate 0.55 test people): "
             f"{len(shifted['expression_shift'])} of {shifted['expression_genes_checked']} genes flagged", None, ""))
row("  responder AUROC, true probabilities", auc_true)
row("  unshifted, ketapgx: AUROC", base["auroc"]["value"], f"ECE {base['ece']['value']:.4f}")
row("  shifted, --expression-standardize bundle: AUROC", sb["auroc"]["value"], f"ECE {sb['ece']['value']:.4f} (what a lab got before)")
row("  shifted, --expression-standardize cohort: AUROC", sc["auroc"]["value"],
    f"ratio to truth {sc['auroc']['value'] / auc_true:.3f} (target >= 0.95)", sc["auroc"]["value"] >= 0.95 * auc_true)
row("  shifted, --expression-standardize cohort: ECE", sc["ece"]["value"],
    f"unshifted + {sc['ece']['value'] - base['ece']['value']:+.4f} (target within 0.02)", sc["ece"]["value"] <= base["ece"]["value"] + 0.02)
row("  shifted, sklearn on in-cohort standardised features: AUROC", roc_auc_score(y, p_lr), f"ECE {ece(p_lr, y):.4f}")

# Without expression: the bundle's genotypes+covariates network on the same test people.
for rate in ["0.35", "0.55", "0.70", "shifted"]:
    base_rate = "0.55" if rate == "shifted" else rate
    names_tr, keep, lr, lrm = sklearn_models(base_rate, without_expression=True)
    x, y, m, p_true, g = test_set(f"{work}/test_{rate}_features.features.tsv", f"{work}/test_{rate}/truth.tsv", names_tr)
    k = metrics(f"{work}/eval_{rate}_noexpr.metrics.json")["responder"]
    p_lr = lr.predict_proba(x[:, keep])[:, 1]
    auc_lr = roc_auc_score(y, p_lr)
    rows.append((f"-- without expression ({'batch-shifted cohort' if rate == 'shifted' else 'response rate ' + rate}): "
                 f"genotypes+covariates network", None, ""))
    row("  responder AUROC, ketapgx", k["auroc"]["value"], f"sklearn {auc_lr:.4f} (target >= sklearn - 0.01)",
        k["auroc"]["value"] >= auc_lr - 0.01)
    row("  responder ECE, ketapgx", k["ece"]["value"], "target <= 0.05", k["ece"]["value"] <= 0.05)
    row("  responder ECE, sklearn logistic regression (same features)", ece(p_lr, y))
    row("  calibration slope, ketapgx", k["calibration_slope"]["value"] or float("nan"))
imp = metrics(f"{work}/eval_0.55_imputed.metrics.json")["responder"]
red = metrics(f"{work}/eval_0.55_noexpr.metrics.json")["responder"]
rows.append(("-- without expression, rate 0.55: the main network with every expression gene at its training mean "
             "(a bundle without the second network)", None, ""))
row("  responder AUROC", imp["auroc"]["value"], f"second network {red['auroc']['value']:.4f}")
row("  responder ECE", imp["ece"]["value"], f"second network {red['ece']['value']:.4f}")
row("  calibration slope", imp["calibration_slope"]["value"] or float("nan"), f"second network {red['calibration_slope']['value'] or float('nan'):.4f}")


def fold_range_coverage(path):
    """Share of people whose true probability lies within [p_responder_lo, p_responder_hi]."""
    truth = {r["sample_id"]: float(r["p_responder"]) for r in table(f"{work}/test_0.55/truth.tsv")}
    got = table(path)
    inside = sum(1 for r in got if float(r["p_responder_lo"]) <= truth[r["sample_id"]] <= float(r["p_responder_hi"]))
    return inside / len(got), np.median([float(r["p_responder_hi"]) - float(r["p_responder_lo"]) for r in got])


rows.append(("-- p_responder_lo/hi (the lowest and highest fold model) against the true probability, rate 0.55 test people", None, ""))
cov, width = fold_range_coverage(f"{work}/score_0.55.predictions.tsv")
row("  share with the truth inside [lo, hi], genotypes+expression+covariates", cov, f"median width {width:.4f}")
cov, width = fold_range_coverage(f"{work}/score_0.55_noexpr.predictions.tsv")
row("  share with the truth inside [lo, hi], genotypes+covariates", cov, f"median width {width:.4f}")

for name, value, note in rows:
    if value is None:
        print(name)
    else:
        print(f"{name:<66} {value:.4f}  {note}")
print("all targets met" if ok else "NOT all targets met")
