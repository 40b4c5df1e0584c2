"""Write kit.json of the diarization kit from generate/cases.json (stdlib only; own code).

usage: python kit_index.py KIT_DIR
"""
import json
import sys
from pathlib import Path

KIT = Path(sys.argv[1]).resolve()
run = json.loads((KIT / "generate/cases.json").read_text())
clustering = run["params"]["clustering"]


def speaker_options(options: dict) -> dict:
    keys = {"num_speakers": "numSpeakers", "min_speakers": "minSpeakers", "max_speakers": "maxSpeakers"}
    return {keys[k]: v for k, v in options.items()}


cases = []
for c in run["cases"]:
    f = c["files"]
    expected = {"file": c["expected"], "centroids": f["centroids"], "speakerEmbeddings": f["speaker_embeddings"]}
    for key in ("features", "gamma", "pi"):
        if key in f:
            expected[key] = f[key]
    cases.append(
        {
            "id": f"{c['id']}/clustering",
            "kind": "diarize_clustering",
            "method": "vbx",
            "plda": "models/community-mini/plda",
            "input": {"segmentation": f["segmentation"], "embeddings": f["embeddings"], "chunk": c["chunk"]},
            "options": speaker_options(c["options"]),
            "clustering": clustering,
            "syntheticEmbeddings": c["synthetic_embeddings"],
            "expected": expected,
            "compare": "labels_exact",
            "tolerance": {"abs": 1e-6, "rel": 1e-6, "seconds": 1e-6},
        }
    )
    if not c["synthetic_embeddings"]:
        cases.append(
            {
                "id": f"{c['id']}/pipeline",
                "kind": "diarize_pipeline",
                "model": "community-mini",
                "audio": c["audio"],
                "options": speaker_options(c["options"]),
                "expected": {
                    "file": c["expected"],
                    "segmentation": f["segmentation"],
                    "embeddings": f["embeddings"],
                    "speakerEmbeddings": f["speaker_embeddings"],
                },
                "compare": "labels_exact",
                "tolerance": {"embeddings_abs": 2e-3, "embeddings_rel": 2e-3, "seconds": 1e-6},
            }
        )

kit = {
    "schema": 1,
    "kit": "diarization",
    "models": {"community-mini": "models/community-mini"},
    "generator": run["versions"],
    "cases": cases,
}
(KIT / "kit.json").write_text(json.dumps(kit, indent=1) + "\n")
print(len(cases), "cases")
