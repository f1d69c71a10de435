#!/usr/bin/python3
"""Model quality against the truth and against scikit-learn, for bench/model_quality.sh.

Reads the held-out cohort's truth.tsv and outcomes, ketapgx's evaluate metrics, and the
train/test feature matrices (ketapgx features), fits scikit-learn logistic regressions on
the same features, and prints one table. Usage: model_quality.py WORKDIR
"""
import csv
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

work = sys.argv[1]
CLASSES = ["PM", "IM", "NM", "RM", "UM"]


def table(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def features(path):
    rows = table(path)
    names = [c for c in rows[0] if c != "sample_id"]
    x = np.array([[np.nan if r[c] == "NA" else float(r[c]) for c in names] for r in rows])
    return [r["sample_id"] for r in rows], x


truth = {r["sample_id"]: r for r in table(f"{work}/test/truth.tsv")}
outcomes_train = {r["sample_id"]: r for r in table(f"{work}/train/outcomes.tsv")}
ids_tr, x_tr = features(f"{work}/train_features.features.tsv")
ids_te, x_te = features(f"{work}/test_features.features.tsv")
y_tr = np.array([int(outcomes_train[i]["responder"]) for i in ids_tr])
m_tr = np.array([CLASSES.index(outcomes_train[i]["metabolizer_class"]) for i in ids_tr])
y_te = np.array([int(truth[i]["responder"]) for i in ids_te])
m_te = np.array([CLASSES.index(truth[i]["metabolizer_class"]) for i in ids_te])
p_true = np.array([float(truth[i]["p_responder"]) for i in ids_te])
g_te = np.array([CLASSES.index(truth[i]["genetic_class"]) for i in ids_te])

lr = make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression(max_iter=2000))
lr.fit(x_tr, y_tr)
auc_lr = roc_auc_score(y_te, lr.predict_proba(x_te)[:, 1])
lrm = make_pipeline(SimpleImputer(), StandardScaler(), LogisticRegression(max_iter=4000, class_weight="balanced"))
lrm.fit(x_tr, m_tr)
ba_lr = balanced_accuracy_score(m_te, lrm.predict(x_te))

metrics = json.load(open(f"{work}/eval.metrics.json"))["metrics"]
auc_k = metrics["responder"]["auroc"]["value"]
ece_k = metrics["responder"]["ece"]["value"]
ba_k = metrics["metabolizer"]["balanced_accuracy"]["value"]
auc_true = roc_auc_score(y_te, p_true)
ba_true = balanced_accuracy_score(m_te, g_te)

rows = [
    ("responder AUROC, true probabilities", auc_true, ""),
    ("responder AUROC, ketapgx", auc_k, f"ratio to truth {auc_k / auc_true:.3f} (target >= 0.95)"),
    ("responder AUROC, sklearn logistic regression", auc_lr, f"ketapgx - sklearn {auc_k - auc_lr:+.4f} (target >= 0)"),
    ("responder ECE, ketapgx", ece_k, "target <= 0.05"),
    ("metabolizer balanced accuracy, genetic classes (best possible)", ba_true, ""),
    ("metabolizer balanced accuracy, ketapgx", ba_k, f"ratio to best {ba_k / ba_true:.3f} (target >= 0.9)"),
    ("metabolizer balanced accuracy, sklearn logistic regression", ba_lr, f"ketapgx - sklearn {ba_k - ba_lr:+.4f} (target >= 0)"),
]
for name, value, note in rows:
    print(f"{name:<66} {value:.4f}  {note}")
ok = auc_k >= 0.95 * auc_true and ece_k <= 0.05 and ba_k >= 0.9 * ba_true and auc_k >= auc_lr and ba_k >= ba_lr
print("all targets met" if ok else "NOT all targets met")
