"""Helpers for the hostile corpus: a local page server (127.0.0.1 only) and outcome checks."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class PageServer:
    """Serves ``/<case id>`` with the case's bytes, headers and (mis)behaviour."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, tuple[tuple[str, str], ...], str]] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                key = self.path.lstrip("/").split("?")[0]
                with server._lock:
                    page = server.pages.get(key)
                if page is None:
                    self.send_error(404)
                    return
                body, headers, mode = page
                if mode == "status500":
                    self._send(500, b"<html><body>Internal error</body></html>", ())
                elif mode == "redirect_loop":
                    self.send_response(302)
                    self.send_header("Location", f"/{key}?again")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif mode == "truncate":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body) * 10))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self._send(200, body, headers)

            def _send(self, status: int, body: bytes, headers: tuple[tuple[str, str], ...]) -> None:
                self.send_response(status)
                names = {name.lower() for name, _ in headers}
                if "content-type" not in names:
                    self.send_header("Content-Type", "text/html")
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for start in range(0, len(body), 1 << 20):
                        self.wfile.write(body[start : start + (1 << 20)])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on a page it refused: expected

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def add(
        self, key: str, body: bytes, headers: tuple[tuple[str, str], ...] = (), mode: str = "normal"
    ) -> str:
        with self._lock:
            self.pages[key] = (body, headers, mode)
        return f"{self.url}/{key}"

    def remove(self, key: str) -> None:
        with self._lock:
            self.pages.pop(key, None)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def decoded_seconds(data: bytes) -> float:
    """Decode a whole audio file (MP3, Ogg Opus or WAV) and return its length; raises if it is broken."""
    import av

    samples = 0
    rate = 0
    with av.open(io.BytesIO(data)) as container:
        for frame in container.decode(audio=0):
            samples += frame.samples
            rate = frame.sample_rate
    assert rate > 0 and samples > 0, "no audio decoded"
    return samples / rate


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
