"""py3langid's model, unpacked once into the cache folder so that a fresh process loads it in milliseconds.

py3langid ships its model as an LZMA-compressed npz (4.6 MB). Unpacking it took ~0.5 s and turning it into
an identifier ~0.25 s more, which every fresh ``newscaster read`` paid before its first word (measured by
``bench/bench_pipeline.py``'s "read -o -" line). The unpacked arrays (68 MB, a rebuildable cache beside the
compiled grammars) are memory-mapped instead: a text's detection reads only the pages it touches.
"""

from __future__ import annotations

import contextlib
import json
import lzma
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

UNPACKED_FORMAT = 1
"""Part of the unpacked folder's name: bump when what is written there changes."""
_ARRAYS = ("ptc", "pc", "nextmove", "nextmove_row", "out_feat")


def load_identifier(cache_dir: Path | None) -> Any:
    """py3langid's ``LanguageIdentifier`` (probabilities normalized), from the unpacked copy in
    ``cache_dir`` (made now when missing), or straight from the package when ``cache_dir`` is None."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else Path(MODEL_DIR) / MODEL_FILE
    if cache_dir is None:
        return LanguageIdentifier.from_model_file(packed, norm_probs=True)
    stat = packed.stat()
    folder = cache_dir / f"langid-{UNPACKED_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}"
    try:
        if not (folder / "classes.json").is_file():
            _unpack(packed, folder)
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a read-only or full cache folder: the package's copy still works
        return LanguageIdentifier.from_model_file(packed, norm_probs=True)
    return LanguageIdentifier(
        arrays["ptc"],
        np.asarray(arrays["pc"]),
        classes,
        arrays["nextmove"],
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=arrays["nextmove_row"].tolist(),  # Python ints: the identifier shifts them left by 8 bits
    )


def _unpack(packed: Path, folder: Path) -> None:
    """The packed model's arrays as ``.npy`` files in ``folder``, which appears whole or not at all."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        with tempfile.TemporaryFile(suffix=".npz") as unpacked:
            with lzma.open(packed) as source:
                shutil.copyfileobj(source, unpacked, length=1 << 20)
            unpacked.seek(0)
            with np.load(unpacked, allow_pickle=False) as model:
                for name in _ARRAYS:
                    np.save(building / f"{name}.npy", model[name])
                classes = model["classes"].tolist()
        (building / "classes.json").write_text(json.dumps(classes), encoding="utf-8")
        with contextlib.suppress(OSError):  # another process unpacked it first: theirs is as good
            os.rename(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
