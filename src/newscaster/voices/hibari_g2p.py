"""hibari's spelling-to-sound rules (G2P), loaded in a third of the time and alongside the model.

hibari builds its G2P on first use from gzipped JSON: two lexicons and a part-of-speech tagger, 10 MB of
JSON that took 0.55 s to parse here — the largest part of a synthesis worker's start, and so of the time
before ``newscaster read -o -`` plays its first word. The built G2P is kept in the cache folder as a
pickle, which loads in 0.29 s, and it is loaded in a thread while onnxruntime sets up the model (measured:
the two together 0.18 s sooner than one after the other).

The pickle is this program's own file in the user's cache folder, trusted as the voice files beside it are;
it is named after hibari's version and the asset files it was made from, and any failure to read or write
it falls back to hibari's own loading.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import Future
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..files import atomic_path

CACHE_FORMAT = 1
"""Part of the cached file's name: bump when what is pickled changes."""


def load_g2p(cache_dir: Path | None, british: bool) -> Any:
    """hibari's ``G2P`` (British rules when ``british``): from the cache folder when it holds one made by
    this hibari from these assets, else built by hibari and stored there for the next process."""
    from hibari.g2p import ASSETS, G2P

    path = _cache_file(cache_dir, Path(ASSETS), british) if cache_dir is not None else None
    if path is not None:
        try:
            with path.open("rb") as stored:
                g2p = pickle.load(stored)
            if isinstance(g2p, G2P):
                return g2p
        except Exception:  # a damaged file fails in many ways (EOFError, UnpicklingError, ...): rebuild it
            pass
    g2p = G2P(british=british)
    if path is not None:
        _store(g2p, path)
    return g2p


def _cache_file(cache_dir: Path, assets: Path, british: bool) -> Path:
    try:
        hibari_version = version("hibari-tts")
    except PackageNotFoundError:
        hibari_version = "unknown"
    # Names and sizes, not times: installs of one wheel in several environments share the file.
    stamps = [f"{entry.name}:{entry.stat().st_size}" for entry in sorted(assets.glob("*.json*"))]
    digest = hashlib.sha256("|".join(stamps).encode("utf-8")).hexdigest()[:16]
    accent = "gb" if british else "us"
    return cache_dir / f"g2p-{CACHE_FORMAT}-{hibari_version}-{accent}-{digest}.pickle"


def _store(g2p: Any, path: Path) -> None:
    """Written atomically (a process never reads half a file); the files of other hibari versions go."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        with atomic_path(path) as temporary, temporary.open("wb") as out:
            pickle.dump(g2p, out, protocol=pickle.HIGHEST_PROTOCOL)
        accent = path.stem.split("-")[-2]
        for older in path.parent.glob(f"g2p-*-{accent}-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)


class G2PWhenReady:
    """A G2P that is being loaded in a thread (``load_g2p``), usable at once: the first call waits for it.
    hibari takes any callable from text to phonemes as its ``g2p``."""

    def __init__(self, load: Callable[[], Any]) -> None:
        self._loaded: Future[Any] = Future()
        threading.Thread(target=self._run, args=(load,), name="newscaster-g2p", daemon=True).start()

    def _run(self, load: Callable[[], Any]) -> None:
        try:
            self._loaded.set_result(load())
        except BaseException as error:  # handed to the first caller, who reports it
            self._loaded.set_exception(error)

    def __call__(self, text: str) -> str:
        return str(self._loaded.result()(text))
