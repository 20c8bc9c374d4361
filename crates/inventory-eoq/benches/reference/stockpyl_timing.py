"""Times stockpyl 1.0.2 on the workloads of inventory-eoq's `bench_compare` example and prints
them, with the instance parameters, as JSON on stdout. Run through compare.sh, which feeds the
JSON to the Rust side so both time exactly the same instances.

Usage: python stockpyl_timing.py > stockpyl.json   (needs stockpyl, scipy, numpy)
"""

import json
import sys
import time

import stockpyl
from scipy.optimize import minimize
from stockpyl.rq import r_q_cost, r_q_loss_function_approximation, r_q_poisson_exact
from stockpyl.sim import simulation
from stockpyl.ss import s_s_discrete_exact
from stockpyl.supply_chain_network import single_stage_system


def best_time(fn, min_total=1.0, max_reps=50):
    """Smallest wall time of one call over repeated calls (at least one, about min_total s)."""
    best, total, reps = float("inf"), 0.0, 0
    while reps < max_reps and (reps == 0 or total < min_total):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best, total, reps = min(best, elapsed), total + elapsed, reps + 1
    return best


SS = [  # (s,S), Poisson demand, Zheng-Federgruen: h, p, K, mean
    {"id": "ex4_7", "h": 1.0, "p": 4.0, "k": 5.0, "mean": 6.0},
    {"id": "own_ss", "h": 1.0, "p": 10.0, "k": 20.0, "mean": 10.0},
    {"id": "large", "h": 1.0, "p": 9.0, "k": 100.0, "mean": 25.0},
]
RQ_POISSON = [  # exact (r,Q), Poisson: h, p, K, rate, lead time
    {"id": "ex5_8", "h": 20.0, "p": 150.0, "k": 100.0, "rate": 1.5, "lead": 2.0},
    {"id": "p5_2", "h": 4.0, "p": 28.0, "k": 4.0, "rate": 12.0, "lead": 0.5},
    {"id": "large", "h": 1.0, "p": 20.0, "k": 50.0, "rate": 30.0, "lead": 2.0},
]
RQ_NORMAL = [  # (r,Q), normal demand: h, p, K, rate, sd, lead time
    {"id": "ex5_1", "h": 0.225, "p": 7.5, "k": 8.0, "rate": 1300.0, "sd": 150.0, "lead": 1.0 / 12.0},
    {"id": "p5_1", "h": 3.1, "p": 45.0, "k": 50.0, "rate": 800.0, "sd": 40.0, "lead": 4.0 / 365.0},
]
SIM = [  # single SKU, normal demand N(50, 8^2), simulator lead time 1
    {"id": "base_stock", "policy": "BS", "level": 56.6039559, "periods": 2000},
    {"id": "s_S", "policy": "sS", "s": 40.0, "S": 75.0, "periods": 2000},
]


def nelder_mead(c):
    f = lambda x: r_q_cost(x[0], max(x[1], 1e-6), c["h"], c["p"], c["k"], c["rate"], c["sd"], c["lead"])
    start = [c["rate"] * c["lead"], (2 * c["k"] * c["rate"] / c["h"]) ** 0.5]
    return minimize(f, start, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10}).x


def sim_rate(c):
    kwargs = dict(local_holding_cost=0.18, stockout_cost=0.7, shipment_lead_time=1,
                  demand_type="N", mean=50, standard_deviation=8)
    if c["policy"] == "BS":
        net = single_stage_system(index=0, policy_type="BS", base_stock_level=c["level"], **kwargs)
    else:
        net = single_stage_system(index=0, policy_type="sS", reorder_point=c["s"],
                                  order_up_to_level=c["S"], **kwargs)
    seconds = best_time(lambda: simulation(net, c["periods"], rand_seed=42, progress_bar=False),
                        min_total=2.0, max_reps=3)
    return c["periods"] / seconds


def with_result(c, timed, fn):
    """The case, its timing, and stockpyl's answer (so the Rust side can check it agrees)."""
    return dict(c, **timed, result=[float(x) for x in fn()])


out = {
    "versions": {"stockpyl": getattr(stockpyl, "__version__", "1.0.2"), "python": sys.version.split()[0]},
    "ss": [with_result(c, {"seconds": best_time(lambda c=c: s_s_discrete_exact(c["h"], c["p"], c["k"], True, c["mean"]))},
                       lambda c=c: s_s_discrete_exact(c["h"], c["p"], c["k"], True, c["mean"])) for c in SS],
    "rq_poisson": [with_result(c, {"seconds": best_time(
        lambda c=c: r_q_poisson_exact(c["h"], c["p"], c["k"], c["rate"], c["lead"]))},
        lambda c=c: r_q_poisson_exact(c["h"], c["p"], c["k"], c["rate"], c["lead"])) for c in RQ_POISSON],
    "rq_normal_loss_function": [with_result(c, {"seconds": best_time(
        lambda c=c: r_q_loss_function_approximation(c["h"], c["p"], c["k"], c["rate"], c["sd"], c["lead"]))},
        lambda c=c: r_q_loss_function_approximation(c["h"], c["p"], c["k"], c["rate"], c["sd"], c["lead"]))
        for c in RQ_NORMAL],
    "rq_normal_nelder_mead": [with_result(c, {"seconds": best_time(lambda c=c: nelder_mead(c), max_reps=5)},
                                          lambda c=c: nelder_mead(c)) for c in RQ_NORMAL],
    "simulation": [dict(c, periods_per_second=sim_rate(c)) for c in SIM],
}
json.dump(out, sys.stdout, indent=1)
print()
