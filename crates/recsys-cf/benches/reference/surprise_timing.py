"""Reference side of docs/BENCHMARKS.md (recsys-cf): times Surprise's fit + test for every
configuration of the fixtures on MovieLens 100K's u1 split, and the `implicit` package's ALS
and item-item cosine on u1.base as binary interactions. Prints one JSON object per line, like
the Rust example `compare_surprise`. Run by compare.sh; needs scikit-surprise, implicit,
numpy, scipy (never a dependency of the product).

    python surprise_timing.py --data path/to/ml-100k [--repeats 3] [--threads 2] [--only PREFIX]
                              [--retail path/to/purchases_customer_item.csv]
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--data", default=os.environ.get("ECOM_MOVIELENS_DIR"))
parser.add_argument("--repeats", type=int, default=3)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--only", action="append", default=[])
parser.add_argument("--retail", help="Online Retail purchases_customer_item.csv (optional)")
args = parser.parse_args()
if not args.data:
    raise SystemExit("pass --data path/to/ml-100k or set ECOM_MOVIELENS_DIR")
# BLAS and OpenMP thread pools must be sized before numpy is imported.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from surprise import (  # noqa: E402
    SVD, BaselineOnly, Dataset, SVDpp, KNNBaseline, KNNBasic, KNNWithMeans, KNNWithZScore, Reader,
    accuracy,
)


def wanted(name):
    return not args.only or any(name.startswith(o) for o in args.only)


def best(fn):
    times, out = [], None
    for _ in range(args.repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def report(name, seconds, rmse=float("nan")):
    print(json.dumps({"model": name, "seconds": round(seconds, 6), "rmse": round(rmse, 6)}), flush=True)


reader = Reader(line_format="user item rating timestamp", sep="\t", rating_scale=(1, 5))
folds = Dataset.load_from_folds(
    [(os.path.join(args.data, "u1.base"), os.path.join(args.data, "u1.test"))], reader
)
from surprise.model_selection import PredefinedKFold  # noqa: E402

trainset, testset = next(PredefinedKFold().split(folds))


def fit_test(algo):
    algo.fit(trainset)
    return accuracy.rmse(algo.test(testset), verbose=False)


for cls in (KNNBasic, KNNWithMeans, KNNWithZScore, KNNBaseline):
    for user_based in (True, False):
        for sim in ("cosine", "msd", "pearson", "pearson_baseline"):
            name = f"{cls.__name__} {sim} {'user' if user_based else 'item'}"
            if wanted(name):
                s, rmse = best(lambda: fit_test(cls(k=40, min_k=1, verbose=False,
                                                    sim_options={"name": sim, "user_based": user_based})))
                report(name, s, rmse)
for name, bsl in (("BaselineOnly_als", {"method": "als"}), ("BaselineOnly_sgd", {"method": "sgd"})):
    if wanted(name):
        s, rmse = best(lambda: fit_test(BaselineOnly(bsl_options=bsl, verbose=False)))
        report(name, s, rmse)
if wanted("SVD"):
    s, rmse = best(lambda: fit_test(SVD(random_state=0)))
    report("SVD", s, rmse)
if wanted("SVDpp"):  # 20-30 s per fit: timed once
    t = time.perf_counter()
    rmse = fit_test(SVDpp(random_state=0))
    report("SVDpp", time.perf_counter() - t, rmse)

# implicit: u1.base as binary interactions, users/items indexed by sorted raw id.
base = [line.split("\t") for line in open(os.path.join(args.data, "u1.base"))]
users = sorted({r[0] for r in base}, key=int)
items = sorted({r[1] for r in base}, key=int)
ui = {u: k for k, u in enumerate(users)}
ii = {i: k for k, i in enumerate(items)}
m = sp.csr_matrix(
    (np.ones(len(base), dtype=np.float32), ([ui[r[0]] for r in base], [ii[r[1]] for r in base])),
    shape=(len(users), len(items)),
)
if wanted("ImplicitAls"):
    from implicit.cpu.als import AlternatingLeastSquares

    for factors, reg, alpha in ((64, 0.01, 1.0), (64, 0.05, 10.0), (100, 0.01, 1.0)):
        def fit():
            AlternatingLeastSquares(factors=factors, regularization=reg, alpha=alpha, iterations=15,
                                    random_state=0, num_threads=args.threads).fit(m, show_progress=False)
        s, _ = best(fit)
        report(f"ImplicitAls f{factors} reg{reg} alpha{alpha}", s)
if wanted("ItemCosine"):
    from implicit.nearest_neighbours import CosineRecommender

    def fit_recommend():
        model = CosineRecommender(K=20, num_threads=args.threads)
        model.fit(m, show_progress=False)
        return model.recommend(np.arange(len(users)), m, N=10)
    s, _ = best(fit_recommend)
    report("ItemCosine K20 fit+recommend_all", s)

# Shop data: Online Retail purchases as binary interactions, indexed by sorted id.
if args.retail:
    import csv

    rows = list(csv.DictReader(open(args.retail)))
    cust = sorted({r["CustomerID"] for r in rows})
    prod = sorted({r["StockCode"] for r in rows})
    ci = {c: k for k, c in enumerate(cust)}
    pi = {p: k for k, p in enumerate(prod)}
    shop = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32),
         ([ci[r["CustomerID"]] for r in rows], [pi[r["StockCode"]] for r in rows])),
        shape=(len(cust), len(prod)),
    )
    from implicit.cpu.als import AlternatingLeastSquares
    from implicit.nearest_neighbours import CosineRecommender

    for factors in (64, 128):
        name = f"retail ImplicitAls f{factors}"
        if wanted(name):
            s, _ = best(lambda: AlternatingLeastSquares(factors=factors, iterations=15, random_state=0,
                                                        num_threads=args.threads).fit(shop, show_progress=False))
            report(name, s)
    if wanted("retail ItemCosine"):
        def fit_recommend_shop():
            model = CosineRecommender(K=20, num_threads=args.threads)
            model.fit(shop, show_progress=False)
            return model.recommend(np.arange(len(cust)), shop, N=10)
        s, _ = best(fit_recommend_shop)
        report("retail ItemCosine K20 fit+recommend_all", s)
