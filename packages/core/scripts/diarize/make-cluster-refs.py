#!/usr/bin/env python3
"""Reference linkage / flat clusters for packages/core/src/diarize/linkage.ts + clustering.ts.

Run once (python3 with numpy + scipy; Debian python3-scipy is enough):
    python3 packages/core/scripts/diarize/make-cluster-refs.py test/fixtures/diarize/cluster-refs.json

Writes, per point set: scipy linkage(X, 'centroid') (and 'median' for one set), fcluster(Z, t,
'distance') for several t, and for the speaker-clustering sets the labels of a Python rendering
of pyannote.audio 3.1's AgglomerativeClustering.cluster (centroid / cosine, threshold, min
cluster size, num/min/max cluster constraints), written from that function's documented behaviour.
"""
import json
import os
import sys
import tempfile

import numpy as np
import scipy
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import cdist

THRESHOLD = 0.7045654963945799
MIN_CLUSTER_SIZE = 12


def bounds(n, num=None, lo=None, hi=None):
    lo = num or lo or 1
    lo = max(1, min(n, lo))
    hi = num or hi or n
    hi = max(1, min(n, hi))
    if lo == hi:
        num = lo
    return num, lo, hi


def pyannote_cluster(x, num=None, lo=None, hi=None, threshold=THRESHOLD, min_cluster_size=MIN_CLUSTER_SIZE):
    """Behaviour of pyannote 3.1 AgglomerativeClustering.cluster after set_num_clusters."""
    x = np.array(x, dtype=np.float64)
    n = len(x)
    num, lo, hi = bounds(n, num, lo, hi)
    if hi < 2:
        return [0] * n
    mcs = min(min_cluster_size, max(1, round(0.1 * n)))
    if n == 1:
        return [0]
    x = x / np.linalg.norm(x, axis=-1, keepdims=True)
    z = linkage(x, method="centroid", metric="euclidean")
    clusters = fcluster(z, threshold, criterion="distance") - 1
    uniq, counts = np.unique(clusters, return_counts=True)
    large = uniq[counts >= mcs]
    n_large = len(large)
    if n_large < lo:
        num = lo
    elif n_large > hi:
        num = hi
    if num is not None:
        zz = np.copy(z)
        zz[:, 2] = np.arange(n - 1)
        best_it, best_n = n - 1, 1
        for it in np.argsort(np.abs(z[:, 2] - threshold), kind="stable"):
            if zz[it, 3] < mcs:
                continue
            clusters = fcluster(zz, it, criterion="distance") - 1
            uniq, counts = np.unique(clusters, return_counts=True)
            large = uniq[counts >= mcs]
            n_large = len(large)
            if abs(n_large - num) < abs(best_n - num):
                best_it, best_n = it, n_large
            if n_large == num:
                break
        if best_n != num:
            clusters = fcluster(zz, best_it, criterion="distance") - 1
            uniq, counts = np.unique(clusters, return_counts=True)
            large = uniq[counts >= mcs]
            n_large = len(large)
    if n_large == 0:
        return [0] * n
    small = uniq[counts < mcs]
    if len(small) == 0:
        return clusters.tolist()
    lc = np.vstack([np.mean(x[clusters == k], axis=0) for k in large])
    sc = np.vstack([np.mean(x[clusters == k], axis=0) for k in small])
    d = cdist(lc, sc, metric="cosine")
    for s, l in enumerate(np.argmin(d, axis=0)):
        clusters[clusters == small[s]] = large[l]
    _, clusters = np.unique(clusters, return_inverse=True)
    return clusters.tolist()


def blobs(rng, centers, per, dim, spread):
    pts = [c + spread * rng.standard_normal((per, dim)) for c in centers]
    return np.vstack(pts)


def main(out):
    rng = np.random.default_rng(20260127)
    sets = []

    def add_linkage(name, x, ts, methods=("centroid",)):
        x = np.asarray(x, dtype=np.float64)
        case = {"name": name, "points": x.tolist()}
        for m in methods:
            z = linkage(x, method=m, metric="euclidean")
            case[f"linkage_{m}"] = z.tolist()
            case[f"fcluster_{m}"] = [{"t": float(t), "labels": fcluster(z, t, criterion="distance").tolist()} for t in ts]
        sets.append(case)

    dim = 16
    centers = rng.standard_normal((3, dim)) * 3
    add_linkage("blobs-3x15-d16", blobs(rng, centers, 15, dim, 0.5), [0.5, 1.0, 2.0, 4.0, 100.0], ("centroid", "median"))
    add_linkage("uniform-60-d4", rng.uniform(-1, 1, (60, 4)), [0.1, 0.3, 0.6, 1.2])
    grid = np.array([[i, j] for i in range(4) for j in range(3)], dtype=np.float64)
    add_linkage("ties-grid-4x3", grid, [0.5, 1.0, 1.5, 2.0])
    add_linkage("ties-duplicates", [[0, 0], [0, 0], [1, 0], [1, 0], [0, 0], [5, 5]], [0.0, 0.5, 1.0, 10.0])
    add_linkage("two-points", [[0.0, 1.0, 2.0], [3.0, -1.0, 0.5]], [1.0, 4.0])
    add_linkage("inversion-triangle", [[0.0, 0.0], [1.0, 0.0], [0.5, 0.9]], [0.8, 0.85, 0.95, 1.0])

    speaker_sets = []

    def add_speakers(name, x, constraints):
        x = np.asarray(x, dtype=np.float64)
        case = {"name": name, "points": x.tolist(), "runs": []}
        for c in constraints:
            labels = pyannote_cluster(x, c.get("num"), c.get("min"), c.get("max"))
            case["runs"].append({"constraints": c, "labels": labels})
        speaker_sets.append(case)

    dim = 32
    spk = rng.standard_normal((4, dim))
    x = blobs(rng, spk, 30, dim, 0.35)
    x = x[rng.permutation(len(x))]
    cons = [{}, {"num": 2}, {"num": 4}, {"num": 6}, {"min": 5}, {"max": 3}, {"min": 2, "max": 3}, {"num": 1}]
    add_speakers("speakers-4x30-d32", x, cons)
    add_speakers("speakers-4x30-d32-with-outliers", np.vstack([x, rng.standard_normal((5, dim)) * 2]), cons)
    add_speakers("speakers-small-8", blobs(rng, spk[:2], 4, dim, 0.3), [{}, {"num": 3}, {"max": 1}])
    add_speakers("speakers-one", [[0.3] * 8], [{}])
    add_speakers("speakers-two", [[1.0, 0.0, 0.2], [0.0, 1.0, 0.1]], [{}, {"num": 2}])

    payload = {
        "generator": "packages/core/scripts/diarize/make-cluster-refs.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "threshold": THRESHOLD,
        "min_cluster_size": MIN_CLUSTER_SIZE,
        "linkage_sets": sets,
        "speaker_sets": speaker_sets,
    }
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out)))
    with os.fdopen(fd, "w") as f:
        json.dump(payload, f)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/diarize/cluster-refs.json")
