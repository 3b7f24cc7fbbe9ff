"""Narrated articles and their audio: the records behind the library page and the API.

An article is identified by its canonical URL when it has one, else by a hash of its text, so the
same story pasted twice is stored once. Its ``content_hash`` changes when the text changes, which is
what makes an edited article get a fresh narration (reusing unchanged sentences from the cache).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OptionError
from ..models import Article, Narration
from .sql import Connection, SqlDatabase
from .storage import Location, NarrationStorage, location_from_text


def _now() -> str:
    # To the microsecond, for display and the feed's dates. Newest first goes by ``seq`` (migration 0004),
    # the order rows were written in: two rows can share a timestamp, and a clock set back would make a later
    # row look older.
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def content_hash(article: Article) -> str:
    parts: list[object] = [article.title, article.key_points, article.byline, article.paragraphs]
    if article.headings:  # only then: an article without headings keeps the hash it had before headings
        parts.append(article.headings)
    material = json.dumps(parts)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def content_key(article: Article, source: str | None = None) -> str:
    """What identifies the article, so that a new version of it replaces the old one: its canonical URL;
    without one, its title from the same source (the site it names, else ``source``: who sent it, or the
    file it was read from), so an edited text is the same article; else the text itself."""
    if article.url:
        return article.url.split("#")[0]
    origin = article.site_name or source
    title = " ".join(article.title.split()).casefold()
    if origin and title:
        return "title:" + json.dumps([origin, title], ensure_ascii=False)
    return "sha256:" + hashlib.sha256("\n".join(article.paragraphs).encode("utf-8")).hexdigest()


def article_id_for(article: Article, source: str | None = None) -> str:
    return _article_id(content_key(article, source))


def _article_id(key: str) -> str:
    """16 hex digits of the SHA-256 of the article's ``content_key`` (for a URL: of the URL itself)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class StoredNarration:
    id: str
    article_id: str
    content_hash: str
    voice_id: str
    speed: float
    audio_format: str
    audio_path: Location
    """Where the files are: a path on disk, or an object (``NarrationStorage`` reads either)."""
    vtt_path: Location
    json_path: Location
    duration_ms: int
    measured_wpm: float
    created_at: str

    @property
    def version(self) -> str:
        """Changes whenever the audio bytes may have changed: every run writes a file of a new name."""
        return hashlib.sha256(self.audio_path.name.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class StoredArticle:
    id: str
    article: Article
    content_hash: str
    reading_minutes: int
    created_at: str
    updated_at: str
    unpublished_at: str | None = None
    """When it was withdrawn (``unpublish``); None while it is published."""

    @property
    def is_published(self) -> bool:
        return self.unpublished_at is None


DEFAULT_PAGE_SIZE = 50
"""Articles per page of the library and ``/api/articles``: a screenful, read in two indexed queries."""
MAX_PAGE_SIZE = 200
"""The most one page may ask for (what the library used to show, all at once)."""

_CURRENT_NARRATION = (
    "SELECT 1 FROM narrations n WHERE n.article_id = a.id AND n.content_hash = a.content_hash"
)
ARTICLE_STATES = {
    "narrated": f"EXISTS ({_CURRENT_NARRATION})",
    "unnarrated": f"NOT EXISTS ({_CURRENT_NARRATION})",
}
"""The states the library can be filtered by, each a condition on an article ``a``."""
_CURSOR_PREFIX = "s"


class CursorError(OptionError):
    """A page cursor that this server did not hand out (or that was cut short)."""


def encode_cursor(seq: int) -> str:
    """An opaque token for "the articles older than the one written ``seq``-th"."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        text = ""
    if not text.startswith(_CURSOR_PREFIX) or not text[1:].isdigit() or len(text) > 20:
        raise CursorError(
            "The page cursor is not one this server handed out; start again from the first page"
        )
    return int(text[1:])


def _like_escaped(text: str) -> str:
    """``text`` matched literally by ``LIKE … ESCAPE '\\'`` (its ``%`` and ``_`` are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class ArticleQuery:
    """Which page of the library: newest first, after ``cursor``, optionally narrowed."""

    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    """From the previous page's ``next_cursor``; None for the first page."""
    search: str | None = None
    """Words the title or the URL contains (any case)."""
    voice: str | None = None
    """Only articles with a narration of their current text in this voice."""
    state: str | None = None
    """One of ``ARTICLE_STATES``."""
    include_unpublished: bool = False
    """Also withdrawn articles (for the newsroom, never for listeners)."""


@dataclass(frozen=True)
class ArticlePage:
    items: list[tuple[StoredArticle, StoredNarration | None]]
    next_cursor: str | None


class Library:
    def __init__(self, database: SqlDatabase, storage: NarrationStorage | None = None) -> None:
        """``storage`` keeps the narrations' files: the data folder's ``audio/`` unless given."""
        from .narration_files import LocalDiskStorage

        self.db = database
        self.storage: NarrationStorage = storage or LocalDiskStorage(database.data_dir / "audio")

    @property
    def _sql(self) -> Connection:
        return self.db.connection()

    def save_article(
        self,
        article: Article,
        reading_minutes: int,
        source: str | None = None,
        *,
        article_id: str | None = None,
    ) -> StoredArticle:
        """Insert or update (when edited) the article; returns the stored record. ``source`` (see
        ``content_key``) tells an edited version of an article without a URL from another article;
        ``article_id`` names the stored article this is a version of (a job given its id), whatever its
        key."""
        key, digest, now = content_key(article, source), content_hash(article), _now()
        article_id = article_id or _article_id(key)
        self._sql.execute(
            """INSERT INTO articles (id, content_key, content_hash, url, title, byline, published, language,
                   site_name, key_points, paragraphs, headings, word_count, reading_minutes, created_at,
                   updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash, title = excluded.title,
                   byline = excluded.byline, published = excluded.published, language = excluded.language,
                   site_name = excluded.site_name, key_points = excluded.key_points,
                   paragraphs = excluded.paragraphs, headings = excluded.headings,
                   word_count = excluded.word_count,
                   reading_minutes = excluded.reading_minutes,
                   updated_at = CASE WHEN articles.content_hash = excluded.content_hash
                                     THEN articles.updated_at ELSE excluded.updated_at END""",
            (
                article_id, key, digest, article.url, article.title, article.byline,
                article.published, article.language, article.site_name, json.dumps(article.key_points),
                json.dumps(article.paragraphs), json.dumps(article.headings), article.word_count,
                reading_minutes, now, now,
            ),
        )  # fmt: skip
        stored = self.get_article(article_id)
        assert stored is not None
        return stored

    def get_article(self, article_id: str) -> StoredArticle | None:
        row = self._sql.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def find_by_url(self, url: str) -> StoredArticle | None:
        """The article published at ``url``, published or not: its canonical address as extraction found it
        (or a text narration was given), or what identifies it (``content_key``); the ``#fragment`` is
        ignored and a trailing slash may differ. How the API, the embed and a publisher's page find it."""
        key = url.strip().split("#")[0]
        if not key:
            return None
        other = key[:-1] if key.endswith("/") else key + "/"
        row = self._sql.execute(
            "SELECT * FROM articles WHERE url IN (?, ?) OR content_key IN (?, ?) ORDER BY seq DESC LIMIT 1",
            (key, other, key, other),
        ).fetchone()
        return _article_from_row(row) if row else None

    def delete_article(self, article_id: str) -> set[Location] | None:
        """Remove the article and its narrations (one transaction) and retire the files they referenced, so
        that the storage removes them after their grace period (a download under way finishes); returns
        those files, or None when there is no such article."""
        with self.db.transaction() as sql:
            files = self.referenced_files(article_id)
            deleted = sql.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
        if not deleted:
            return None
        self.storage.retire(files)
        return files

    def set_published(self, article_id: str, published: bool) -> StoredArticle | None:
        """Publish or withdraw the article (its narrations stay); None when there is no such article.
        Withdrawing an already withdrawn article keeps the time it was first withdrawn."""
        unpublished_at = None if published else _now()
        self._sql.execute(
            "UPDATE articles SET unpublished_at = CASE WHEN ? IS NULL THEN NULL"
            " ELSE coalesce(unpublished_at, ?) END WHERE id = ?",
            (unpublished_at, unpublished_at, article_id),
        )
        return self.get_article(article_id)

    def list_articles(
        self, limit: int = 200, include_unpublished: bool = False
    ) -> list[tuple[StoredArticle, StoredNarration | None]]:
        """Newest first, each with its most recent narration of the current text; withdrawn articles only
        when ``include_unpublished``."""
        return self.page_articles(ArticleQuery(limit=limit, include_unpublished=include_unpublished)).items

    def page_articles(self, query: ArticleQuery) -> ArticlePage:
        """One page of the library, newest first, and the cursor of the next page (None on the last).

        Keyset pagination: a page starts below the ``seq`` its cursor names and walks the ``seq`` index
        backwards, so the 500th page costs what the first does (``OFFSET`` would read and drop every
        row before it). Each page's narrations are read in one more query."""
        sql, parameters = self._page_statement(query)
        rows = self._sql.execute(sql, parameters).fetchall()
        more = len(rows) > query.limit
        articles = [_article_from_row(row) for row in rows[: query.limit]]
        newest = self._newest_narrations(articles)
        items = [(stored, newest.get(stored.id)) for stored in articles]
        last_seq = rows[query.limit - 1]["seq"] if more else None
        return ArticlePage(items, encode_cursor(last_seq) if last_seq is not None else None)

    def _page_statement(self, query: ArticleQuery) -> tuple[str, list[Any]]:
        conditions: list[str] = ["1 = 1"]
        parameters: list[Any] = []
        if not query.include_unpublished:
            conditions.append("a.unpublished_at IS NULL")
        if query.cursor is not None:
            conditions.append("a.seq < ?")
            parameters.append(decode_cursor(query.cursor))
        if query.search:
            pattern = "%" + _like_escaped(query.search.casefold()) + "%"
            conditions.append("(lower(a.title) LIKE ? ESCAPE '\\' OR lower(a.url) LIKE ? ESCAPE '\\')")
            parameters += [pattern, pattern]
        if query.voice:
            conditions.append(f"EXISTS ({_CURRENT_NARRATION} AND n.voice_id = ?)")
            parameters.append(query.voice)
        if query.state:
            conditions.append(ARTICLE_STATES[query.state])
        parameters.append(query.limit + 1)  # one more than a page: is there a next page?
        where = " AND ".join(conditions)
        return f"SELECT a.* FROM articles a WHERE {where} ORDER BY a.seq DESC LIMIT ?", parameters

    def _newest_narrations(self, articles: list[StoredArticle]) -> dict[str, StoredNarration]:
        """Each article's most recent narration of its current text, for a page of articles at once."""
        if not articles:
            return {}
        marks = ", ".join("?" for _ in articles)
        rows = self._sql.execute(
            f"""SELECT n.* FROM narrations n JOIN articles a ON a.id = n.article_id
                AND a.content_hash = n.content_hash WHERE a.id IN ({marks}) ORDER BY n.seq DESC""",
            [stored.id for stored in articles],
        )
        newest: dict[str, StoredNarration] = {}
        for row in rows:
            newest.setdefault(row["article_id"], _narration_from_row(row))
        return newest

    def narrations_of(self, stored: StoredArticle) -> list[StoredNarration]:
        rows = self._sql.execute(
            "SELECT * FROM narrations WHERE article_id = ? AND content_hash = ? ORDER BY seq DESC",
            (stored.id, stored.content_hash),
        )
        return [_narration_from_row(r) for r in rows.fetchall()]

    def current_narrations(
        self, article_id: str, include_unpublished: bool = False
    ) -> list[StoredNarration] | None:
        """``narrations_of`` by article id, newest first, without reading the article's text.

        What serving a narration's files needs (each of a player's Range requests asks): one indexed query
        over small rows; the article's paragraphs are neither read nor decoded. None when there is no such
        article (or it is withdrawn, unless ``include_unpublished``), an empty list when it has no
        narration of its current text.
        """
        rows = self._sql.execute(
            """SELECT n.* FROM articles a
               LEFT JOIN narrations n ON n.article_id = a.id AND n.content_hash = a.content_hash
               WHERE a.id = ? AND (? OR a.unpublished_at IS NULL) ORDER BY n.seq DESC""",
            (article_id, include_unpublished),
        ).fetchall()
        if not rows:
            return None
        return [_narration_from_row(r) for r in rows if r["id"] is not None]

    def latest_narrated(
        self, audio_format: str, voice_id: str | None = None, limit: int = 100
    ) -> list[tuple[StoredArticle, StoredNarration]]:
        """Published articles with a narration of their current text in ``audio_format`` (of ``voice_id``,
        if given) whose file exists, each with its newest such narration; the most recently narrated first."""
        rows = self._sql.execute(
            """SELECT n.* FROM narrations n
               JOIN articles a ON a.id = n.article_id AND a.content_hash = n.content_hash
               WHERE n.audio_format = ?1 AND (?2 IS NULL OR n.voice_id = ?2) AND a.unpublished_at IS NULL
               ORDER BY n.seq DESC""",
            (audio_format, voice_id),
        )
        newest: dict[str, StoredNarration] = {}
        for row in rows:  # read lazily: stops once ``limit`` articles are found
            if len(newest) >= limit:
                break
            narration = _narration_from_row(row)
            if narration.article_id not in newest and self.storage.exists(narration.audio_path):
                newest[narration.article_id] = narration
        found = [(self.get_article(article_id), narration) for article_id, narration in newest.items()]
        return [(stored, narration) for stored, narration in found if stored is not None]

    def find_narration(
        self, article_id: str, digest: str, voice_id: str, speed: float, audio_format: str, lexicon: str
    ) -> StoredNarration | None:
        """The stored narration of this text, voice, speed and format made with this lexicon (fingerprint)."""
        row = self._sql.execute(
            """SELECT * FROM narrations WHERE article_id = ? AND content_hash = ? AND voice_id = ?
               AND abs(speed - ?) < 0.001 AND audio_format = ? AND lexicon = ?""",
            (article_id, digest, voice_id, speed, audio_format, lexicon),
        ).fetchone()
        if row is None:
            return None
        narration = _narration_from_row(row)
        return narration if self.storage.exists(narration.audio_path) else None

    def referenced_files(self, article_id: str | None = None) -> set[Location]:
        """Every file a narration row points to (of one article, or of all): what must not be removed."""
        rows = self._sql.execute(
            "SELECT audio_path, vtt_path, json_path FROM narrations WHERE ?1 IS NULL OR article_id = ?1",
            (article_id,),
        )
        return {location_from_text(path) for row in rows for path in row}

    def save_narration(
        self,
        stored: StoredArticle,
        narration: Narration,
        audio_format: str,
        lexicon: str,
        created_by: str | None = None,
        size_bytes: int | None = None,
    ) -> StoredNarration:
        """Record a narration whose files are all in place; one statement, so readers see the narration
        it replaces (same text, voice, speed and format) or this one, never neither. ``created_by`` is the
        client its storage counts against; ``size_bytes`` what its files take (default: measured on disk)."""
        options = narration.options
        narration_id = hashlib.sha256(
            f"{stored.id}|{stored.content_hash}|{options.voice.id}|{options.speed:.3f}|{audio_format}".encode()
        ).hexdigest()[:16]
        if size_bytes is None:
            paths = (narration.audio_path, narration.vtt_path, narration.json_path)
            size_bytes = sum(map(_size_on_disk, paths))
        self._sql.execute(
            """INSERT INTO narrations (id, article_id, content_hash, voice_id, speed, audio_format,
                   audio_path, vtt_path, json_path, duration_ms, measured_wpm, created_at, lexicon,
                   created_by, size_bytes)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET speed = excluded.speed, audio_path = excluded.audio_path,
                   vtt_path = excluded.vtt_path, json_path = excluded.json_path,
                   duration_ms = excluded.duration_ms, measured_wpm = excluded.measured_wpm,
                   created_at = excluded.created_at, lexicon = excluded.lexicon,
                   created_by = excluded.created_by, size_bytes = excluded.size_bytes""",
            (
                narration_id, stored.id, stored.content_hash, options.voice.id, options.speed, audio_format,
                str(narration.audio_path), str(narration.vtt_path), str(narration.json_path),
                narration.duration_ms, narration.measured_wpm, _now(), lexicon, created_by, size_bytes,
            ),
        )  # fmt: skip
        row = self._sql.execute("SELECT * FROM narrations WHERE id = ?", (narration_id,)).fetchone()
        return _narration_from_row(row)

    def bytes_created_by(self, client: str) -> int:
        """What the narrations ``client``'s jobs made take on disk (audio, transcripts and timings)."""
        row = self._sql.execute(
            "SELECT coalesce(sum(size_bytes), 0) FROM narrations WHERE created_by = ?", (client,)
        ).fetchone()
        return int(row[0])


def _size_on_disk(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:  # not written (a narration without timings): nothing to count
        return 0


def _article_from_row(row: Any) -> StoredArticle:
    article = Article(
        title=row["title"],
        paragraphs=tuple(json.loads(row["paragraphs"])),
        headings=tuple(json.loads(row["headings"])),
        key_points=tuple(json.loads(row["key_points"])),
        byline=row["byline"],
        published=row["published"],
        language=row["language"],
        url=row["url"],
        site_name=row["site_name"],
    )
    return StoredArticle(
        row["id"], article, row["content_hash"], row["reading_minutes"], row["created_at"], row["updated_at"],
        row["unpublished_at"],
    )  # fmt: skip


def _narration_from_row(row: Any) -> StoredNarration:
    return StoredNarration(
        id=row["id"],
        article_id=row["article_id"],
        content_hash=row["content_hash"],
        voice_id=row["voice_id"],
        speed=row["speed"],
        audio_format=row["audio_format"],
        audio_path=location_from_text(row["audio_path"]),
        vtt_path=location_from_text(row["vtt_path"]),
        json_path=location_from_text(row["json_path"]),
        duration_ms=row["duration_ms"],
        measured_wpm=row["measured_wpm"],
        created_at=row["created_at"],
    )
