"""Every error newscaster raises on purpose; the CLI prints ``str(error)`` as one line, the API a 4xx.

::

    NewscasterError
    ├── InputError            the input cannot be narrated
    │   ├── FetchError        URL refused, unreachable, too big, wrong content type
    │   ├── ExtractionError   binary or empty page, no article text
    │   └── TextError         nothing speakable after preparation
    ├── VoiceError            unknown voice, no voice for the language, engine failure
    ├── OptionError           speed / WPM / format out of range
    └── OutputError           the audio, transcript or timings cannot be written
"""


class NewscasterError(Exception):
    """Base of all expected errors; the message is written for the user."""

    http_status = 400


class InputError(NewscasterError):
    """The input cannot be narrated."""


class FetchError(InputError):
    """A URL could not be fetched, or was refused."""

    def __init__(self, message: str, http_status: int = 400) -> None:
        super().__init__(message)
        self.http_status = http_status


class ExtractionError(InputError):
    """The page holds no article text (binary, empty, or only chrome)."""

    http_status = 422


class TextError(InputError):
    """Nothing speakable remains after text preparation."""

    http_status = 422


class VoiceError(NewscasterError):
    """Unknown voice, no voice for the article's language, or an engine that failed."""

    http_status = 422


class OptionError(NewscasterError):
    """A speed, WPM or format outside what is supported."""

    http_status = 422


class OutputError(NewscasterError):
    """An output file cannot be written (missing folder, no permission, full disk)."""

    http_status = 507
