"""Everything a request handler needs, built once per app."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..jobs.sqlite_queue import SqliteJobQueue
from ..jobs.worker import NarrationService, WorkerPool
from ..speed import PaceBook
from ..store.database import Database
from ..store.library import Library
from ..voices.registry import VoiceRegistry, registry_for


@dataclass
class AppState:
    settings: Settings
    library: Library
    queue: SqliteJobQueue
    registry: VoiceRegistry
    pace: PaceBook
    workers: WorkerPool

    @classmethod
    def build(cls, settings: Settings, *, job_threads: int, synthesis_processes: int) -> AppState:
        database = Database(settings.data_dir / "newscaster.sqlite3")
        library = Library(database)
        queue = SqliteJobQueue(database)
        service = NarrationService(settings, library, queue)
        return cls(
            settings=settings,
            library=library,
            queue=queue,
            registry=registry_for(settings),
            pace=PaceBook(settings.data_dir / "voice-pace.json"),
            workers=WorkerPool(service, threads=job_threads, processes=synthesis_processes),
        )
