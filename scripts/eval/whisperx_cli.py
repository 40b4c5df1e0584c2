"""WhisperX's own CLI, with Silero served from the silero-vad PyPI package. Own code.

usage: python whisperx_cli.py [whisperx CLI arguments]

WhisperX's `--vad_method silero` calls torch.hub.load('snakers4/silero-vad'), which needs GitHub;
the bench's `silero_from_pip` (bench/cases/peer.py) answers that call with the same model and
utilities from the silero-vad wheel. Everything else is WhisperX's CLI, unchanged.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "cases"))

from peer import silero_from_pip  # noqa: E402

if __name__ == "__main__":
    silero_from_pip()
    from whisperx.__main__ import cli

    sys.argv[0] = "whisperx"
    sys.exit(cli())
