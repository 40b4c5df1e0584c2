#!/usr/bin/env python3
"""Expected DER numbers for packages/core/src/diarize/der.ts, computed by NIST md-eval.

Run once (needs perl and md-eval.pl, Debian package `sctk`: /usr/lib/sctk/bin/md-eval.pl):
    python3 packages/core/scripts/diarize/make-der-cases.py \
        ../shared/conformance/audio/two-speakers.rttm test/fixtures/diarize/der-cases.json

System RTTMs are derived from the reference: identical, relabelled, shifted, speaker-merged,
speaker-split, partly confused, with missed and false-alarm speech. Each pair is scored with
collars 0 / 0.25 / 0.5 s, with and without -1 (skip overlap). md-eval prints times with two
decimals; the script runs a temporary copy whose printf formats carry 6 decimals instead (the
scoring code is untouched) so the fixtures hold md-eval's numbers to 1e-6.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

MD_EVAL = os.environ.get("MD_EVAL", "/usr/lib/sctk/bin/md-eval.pl")


def read_rttm(path):
    segs = []
    for line in open(path):
        f = line.split()
        if len(f) >= 8 and f[0] == "SPEAKER":
            segs.append((f[1], float(f[3]), float(f[4]), f[7]))
    return segs


def fmt(segs):
    return "".join(f"SPEAKER {u} 1 {s:.3f} {d:.3f} <NA> <NA> {k} <NA> <NA>\n" for u, s, d, k in segs if d > 0)


def variants(ref):
    uri = ref[0][0]
    v = {}
    v["identical"] = ref
    v["relabelled"] = [(u, s, d, {"speaker90": "B", "speaker91": "A"}[k]) for u, s, d, k in ref]
    for dt in (0.1, 0.3, -0.2):
        v[f"shifted{dt:+.1f}"] = [(u, max(0.0, s + dt), d, k) for u, s, d, k in ref]
    v["merged-one-speaker"] = [(u, s, d, "X") for u, s, d, k in ref]
    v["split-speaker91"] = [(u, s, d, (k + ("a" if i % 2 else "b")) if k == "speaker91" else k) for i, (u, s, d, k) in enumerate(ref)]
    v["swapped-two-turns"] = [(u, s, d, ("speaker91" if k == "speaker90" else "speaker90") if i in (2, 5) else k) for i, (u, s, d, k) in enumerate(ref)]
    v["missed-and-fa"] = [x for i, x in enumerate(ref) if i != 4] + [(uri, 0.5, 3.0, "speaker90"), (uri, 29.0, 2.0, "speaker91")]
    v["shrunk-turns"] = [(u, s + 0.15, max(0.0, d - 0.4), k) for u, s, d, k in ref]
    v["empty"] = []
    return v


def patched_md_eval(tmpdir):
    src = open(MD_EVAL).read()
    src = src.replace("%10.2f secs", "%14.6f secs").replace("= %.2f percent", "= %.6f percent")
    path = os.path.join(tmpdir, "md-eval-6dec.pl")
    open(path, "w").write(src)
    return path


def score(md_eval, ref_path, hyp_path, collar, skip):
    cmd = ["perl", md_eval, "-r", ref_path, "-s", hyp_path, "-c", str(collar)]
    if skip:
        cmd.append("-1")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def num(label):
        m = re.search(label + r"\s*=\s*([0-9.]+)", out)
        return float(m.group(1)) if m else None

    return {
        "scored": num("SCORED SPEAKER TIME"),
        "missed": num("MISSED SPEAKER TIME"),
        "falseAlarm": num("FALARM SPEAKER TIME"),
        "confusion": num("SPEAKER ERROR TIME"),
        "derPercent": num("OVERALL SPEAKER DIARIZATION ERROR"),
    }


def main(ref_path, out):
    ref = read_rttm(ref_path)
    ref_text = fmt(ref)
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        md_eval = patched_md_eval(tmp)
        rp = os.path.join(tmp, "ref.rttm")
        open(rp, "w").write(ref_text)
        for name, segs in variants(ref).items():
            hp = os.path.join(tmp, "hyp.rttm")
            hyp_text = fmt(segs)
            open(hp, "w").write(hyp_text)
            for collar in (0.0, 0.25, 0.5):
                for skip in (False, True):
                    cases.append({"name": name, "collar": collar, "skipOverlap": skip, "hyp": hyp_text,
                                  "expected": score(md_eval, rp, hp, collar, skip)})
    payload = {"generator": "packages/core/scripts/diarize/make-der-cases.py",
               "scorer": "md-eval.pl v22 (sctk 2.4.10), printf precision raised to 6 decimals",
               "ref": ref_text, "cases": cases}
    fd, tmp_out = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out)))
    with os.fdopen(fd, "w") as f:
        json.dump(payload, f, indent=1)
    os.chmod(tmp_out, 0o644)
    os.replace(tmp_out, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
