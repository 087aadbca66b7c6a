"""Errors that reach the user as one clear line each, with the exit code they mean."""

from __future__ import annotations

from enum import IntEnum

from .records import Record


class ExitCode(IntEnum):
    """Every exit status factbox uses, one meaning each (README's table and `--help` list
    them; tests/test_docs.py keeps the three in step)."""

    OK = 0  #: success; an empty answer is a success, and so is a diff with differences
    DATA = 1  #: the data cannot be read or is not a valid factbox (every problem is listed), or
    #: `validate --strict` found warnings
    USAGE = 2  #: the command line is wrong: an unknown option, command or name
    PARTIAL = 3  #: answered from the files that could be read; some files were skipped
    NOT_WRITTEN = 4  #: output or a file could not be written, or a write was refused
    DIFFERENT = 5  #: `diff --exit-code` found differences
    INTERNAL = 70  #: a bug in factbox (FACTBOX_DEBUG=1 shows the traceback)
    INTERRUPTED = 130  #: interrupted (Ctrl-C)
    BROKEN_PIPE = 141  #: output closed early (e.g. piped into head)


class Problem(Record):
    """One fault in a data file, located for an editor to jump to; a warning is one that
    `validate` reports without refusing the file (unless --strict)."""

    __slots__ = ("column", "file", "line", "message", "path", "warning")

    def __init__(self, file: str, line: int, column: int, path: str, message: str, warning: bool = False) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.warning = warning

    @property
    def severity(self) -> str:
        return "warning" if self.warning else "error"

    @property
    def what(self) -> str:
        """What is wrong: the message up to its ' — ' (after it, `hint`: how to fix it)."""
        return self.message.split(" — ", 1)[0]

    @property
    def hint(self) -> str | None:
        return self.message.split(" — ", 1)[1] if " — " in self.message else None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" + (": warning" if self.warning else "")
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class Omitted(Problem):
    """Stands, at the first of them, for the problems or warnings past the ones listed (see
    validation.MAX_LISTED): a million bad values cost a million counts, not a million lines."""

    __slots__ = ("count",)

    def __init__(self, first: Problem, count: int) -> None:
        noun = ("warning" if first.warning else "problem") + ("s" if count != 1 else "")
        super().__init__(first.file, first.line, first.column, "",
                         f"{count:,} more {noun} from here on, not listed — fix the ones above and check "
                         "the file again", first.warning)
        self.count = count


def counted(problems: list[Problem]) -> int:
    """How many problems the list stands for, the omitted ones included."""
    return sum(problem.count if isinstance(problem, Omitted) else 1 for problem in problems)


class FactboxError(Exception):
    """An expected failure: printed as `factbox: error: …`, never as a traceback."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DataError(FactboxError):
    """The data cannot be read, or is not a valid factbox."""

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str | None = None):
        super().__init__(message, hint)
        self.problems = problems or []


class FilesSkipped(DataError):
    """Answered from the files that could be read; these (their problems, and each file's
    message in this one) could not, so the answer is partial."""

    exit_code = ExitCode.PARTIAL


class UsageError(FactboxError):
    """The command line asks for something that does not exist or cannot be done."""

    exit_code = ExitCode.USAGE


class OutputError(FactboxError):
    """Output or a file could not be written (a full disk, a refused write)."""

    exit_code = ExitCode.NOT_WRITTEN
