"""Errors that reach the user as one clear line each, with the exit code they mean."""

from __future__ import annotations

from .records import Record

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Problem(Record):
    """One fault in a data file, located for an editor to jump to."""

    __slots__ = ("column", "file", "line", "message", "path")

    def __init__(self, file: str, line: int, column: int, path: str, message: str) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class FactboxError(Exception):
    """An expected failure: printed as `factbox: error: …`, never as a traceback."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DataError(FactboxError):
    """The data cannot be read, or is not a valid factbox."""

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str | None = None):
        super().__init__(message, hint)
        self.problems = problems or []


class UsageError(FactboxError):
    """The command line asks for something that does not exist or cannot be done."""

    exit_code = EXIT_USAGE
