"""Builds the Online Retail test slice and its `implicit` reference numbers for recsys-cf's tests.

Data: UCI Online Retail (CC BY 4.0; Chen, D. (2015), https://doi.org/10.24432/C5BW33), as the
derived customer x product matrix purchases_customer_item.csv. The slice: the 300 products
bought by the most customers; every 15th customer (by id) with at least 5 of them; their pairs
within those products. 20% of the pairs (numpy RandomState(7)) are marked `test`.

Writes, into crates/recsys-cf/tests/data/:
- retail_slice.csv: CustomerID,StockCode,invoices,test
- retail_products.csv: StockCode,Description (most frequent description in the raw data)
- retail_slice_implicit.json: implicit 0.7.3's CosineRecommender(K=20) similar items and top-10
  lists, and ranking metrics at 10 of CosineRecommender and of AlternatingLeastSquares for
  seeds 0..4, trained on the non-test pairs as binary interactions.

    python retail_slice.py path/to/online-retail   (needs numpy, scipy, implicit)
"""
import collections
import csv
import gzip
import json
import os
import sys

import numpy as np
import scipy.sparse as sp
import implicit
from implicit.evaluation import ranking_metrics_at_k
from implicit.als import AlternatingLeastSquares
from implicit.nearest_neighbours import CosineRecommender

src = sys.argv[1]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data")
rows = list(csv.DictReader(open(os.path.join(src, "purchases_customer_item.csv"))))
buyers = collections.Counter(r["StockCode"] for r in rows)
top = {code for code, _ in sorted(buyers.items(), key=lambda kv: (-kv[1], kv[0]))[:300]}
customers = sorted({r["CustomerID"] for r in rows}, key=int)[::15]
chosen = set(customers)
pairs = [r for r in rows if r["CustomerID"] in chosen and r["StockCode"] in top]
per_customer = collections.Counter(r["CustomerID"] for r in pairs)
pairs = [r for r in pairs if per_customer[r["CustomerID"]] >= 5]
test = np.random.RandomState(7).random_sample(len(pairs)) < 0.2
with open(os.path.join(out, "retail_slice.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["CustomerID", "StockCode", "invoices", "test"])
    for r, t in zip(pairs, test):
        w.writerow([r["CustomerID"], r["StockCode"], r["invoices"], int(t)])

codes = {r["StockCode"] for r in pairs}
desc = collections.defaultdict(collections.Counter)
with gzip.open(os.path.join(src, "online_retail.csv.gz"), "rt") as f:
    for r in csv.DictReader(f):
        if r["StockCode"] in codes and r["Description"]:
            desc[r["StockCode"]][r["Description"].strip()] += 1
with open(os.path.join(out, "retail_products.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["StockCode", "Description"])
    for code in sorted(codes):
        w.writerow([code, desc[code].most_common(1)[0][0] if desc[code] else ""])

users = sorted({r["CustomerID"] for r in pairs}, key=int)
items = sorted(codes)
ui = {u: k for k, u in enumerate(users)}
ii = {i: k for k, i in enumerate(items)}


def matrix(mask):
    sel = [r for r, m in zip(pairs, mask) if m]
    return sp.csr_matrix(
        (np.ones(len(sel)), ([ui[r["CustomerID"]] for r in sel], [ii[r["StockCode"]] for r in sel])),
        shape=(len(users), len(items)),
    )


train, held = matrix(~test), matrix(test)
cos = CosineRecommender(K=20)
cos.fit(train, show_progress=False)
train_buyers = np.asarray((train > 0).sum(axis=0)).ravel()
popular = [items[i] for i in np.argsort(-train_buyers, kind="stable")[:5]]
similar = {}
for code in popular:
    ids, scores = cos.similar_items(ii[code], N=11)
    similar[code] = [{"item": items[i], "score": float(s)} for i, s in zip(ids, scores)]
top10 = {}
for u in users[:5]:
    ids, scores = cos.recommend(ui[u], train[ui[u]], N=10)
    top10[u] = [{"item": items[i], "score": float(s)} for i, s in zip(ids, scores) if s > 0]
als = []
for seed in range(5):
    model = AlternatingLeastSquares(factors=32, regularization=0.05, alpha=1.0, iterations=15,
                                    random_state=seed, num_threads=1)
    model.fit(train.astype(np.float32), show_progress=False)
    m = ranking_metrics_at_k(model, train, held, K=10, show_progress=False)
    als.append({"random_state": seed, **{k: float(v) for k, v in m.items()}})
result = {
    "description": "implicit on the Online Retail slice (retail_slice.csv): trained on the non-test pairs as binary "
                   "interactions, users/items indexed by sorted id; ranking_metrics_at_k(K=10) against the test pairs "
                   "(implicit's definitions: pooled precision, per-user MAP and NDCG, truncated AUC over all slice items).",
    "versions": {"implicit": implicit.__version__, "numpy": np.__version__},
    "n_pairs": len(pairs), "n_test": int(test.sum()), "n_customers": len(users), "n_products": len(items),
    "cosine_k20": {
        "similarity_nnz": int(cos.similarity.nnz),
        "similar_items": similar,
        "recommend_top10": top10,
        "ranking_metrics_at_10": {k: float(v) for k, v in
                                  ranking_metrics_at_k(cos, train, held, K=10, show_progress=False).items()},
    },
    "als": {"factors": 32, "regularization": 0.05, "alpha": 1.0, "iterations": 15, "runs": als},
}
json.dump(result, open(os.path.join(out, "retail_slice_implicit.json"), "w"), indent=1)
print(json.dumps({k: result[k] for k in ("n_pairs", "n_test", "n_customers", "n_products")}))
