"""Reference numbers for recsys-cf's SVD++ test: Surprise's SVDpp (defaults: 20 factors,
20 epochs, lr 0.007, reg 0.02) on MovieLens 100K's u1 split for random_state 0..2 (the spread a
different random stream causes). Writes tests/data/surprise_svdpp_ml100k_u1.json.

    python svdpp_reference.py path/to/ml-100k   (needs scikit-surprise)
"""
import json
import os
import sys
import time

import numpy as np
import surprise
from surprise import SVDpp, Dataset, Reader, accuracy
from surprise.model_selection import PredefinedKFold

data = sys.argv[1]
reader = Reader(line_format="user item rating timestamp", sep="\t", rating_scale=(1, 5))
folds = Dataset.load_from_folds([(os.path.join(data, "u1.base"), os.path.join(data, "u1.test"))], reader)
trainset, testset = next(PredefinedKFold().split(folds))
runs = []
for seed in range(3):
    t = time.perf_counter()
    algo = SVDpp(random_state=seed)
    algo.fit(trainset)
    preds = algo.test(testset)
    runs.append({
        "random_state": seed,
        "rmse": accuracy.rmse(preds, verbose=False),
        "mae": accuracy.mae(preds, verbose=False),
        "fit_test_seconds": round(time.perf_counter() - t, 2),
    })
    print(runs[-1], flush=True)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data",
                   "surprise_svdpp_ml100k_u1.json")
json.dump({
    "description": "Surprise SVDpp with default settings on MovieLens 100K u1.base / u1.test; "
                   "RMSE and MAE of the clipped estimates over the whole test set, per random_state.",
    "versions": {"surprise": surprise.__version__, "numpy": np.__version__},
    "settings": {"n_factors": 20, "n_epochs": 20, "lr_all": 0.007, "reg_all": 0.02, "init_std_dev": 0.1},
    "runs": runs,
}, open(out, "w"), indent=1)
