"""The application object: one factory builds every app and sub-app, so each gets factbox's
error handling and option conversion; `main` is the entry point."""

# No `from __future__ import annotations` in the command layer: Typer reads signatures on
# every run, and real annotation objects are cheaper for it than strings it must evaluate.
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import NoSuchOption
from typer.core import TyperArgument, TyperGroup

from .. import __version__
from ..coercion import convert_without_pydantic
from ..errors import DataError, ExitCode, FactboxError, OutputError, Problem

HELP = """Query a factbox: who the parties to a negotiation are, where each stands on
each issue, and who said what.

\b
Examples:
  factbox issues                      what is at stake
  factbox compare territory           each party's stance on one issue, side by side
  factbox quotes --speaker Peskov     who said what, with context and source
  factbox quotes -f json | jq .       every listing pipes cleanly
  factbox validate my-factbox.yaml    check a file, every problem at once

\b
Data: the bundled Russia–Ukraine dataset, or --data FILE, or FACTBOX_DATA;
--data - reads standard input.

\b
Exit codes:
  0    success (an empty result is a success)
  1    the data cannot be read or is not a valid factbox
  2    the command line is wrong: unknown option, command or name
  3    answered, but some files could not be read and were skipped
  4    output or a file could not be written, or a write was refused
  5    differences found (diff --exit-code)
  70   internal error: a bug in factbox
  130  interrupted (Ctrl-C)
  141  output closed early (e.g. piped into head)

Set FACTBOX_DEBUG=1 to see a traceback for an unexpected error."""


class _Group(TyperGroup):
    """Turns expected failures into one line on stderr and their exit code, converts option
    values without pydantic (see `coercion`), and completes only shell-safe values."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_without_pydantic(self.get_params(ctx))
        if ctx.parent is None:
            from .placement import after_command

            args = after_command(self, ctx, args)
        with _closer_suggestions():
            return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            params = command.get_params(ctx)
            convert_without_pydantic(params)
            _name_arguments(params)
        return name, command, rest

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        complete_var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(complete_var):  # Click calls this on every run; only a Tab needs the classes
            from ..completion import install_safe_classes

            install_safe_classes()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx: Any) -> Any:
        try:
            with _closer_suggestions():
                return super().invoke(ctx)
        except FactboxError as error:
            report(error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as error:
            raise typer.Exit(_unexpected(error)) from None


class _Argument(TyperArgument):
    """An argument as help shows it, by its metavar alone: `compare [OPTIONS] ISSUE`, not
    `{issue}` with `issue <str>` (Typer 0.29 shows the Python type)."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _name_arguments(params: list[Any]) -> None:
    for param in params:
        if isinstance(param, TyperArgument) and not isinstance(param, _Argument):
            param.metavar = param.metavar or param.name.upper()
            param.__class__ = _Argument


#: Options people type from other tools, and this command's option that does the job.
_OTHER_TOOLS = {"--json": "--fields", "--pager": "--no-pager", "--columns": "--fields", "--order": "--sort"}
#: How alike an unknown option and a suggestion must be (dashes left out): `--sinc` is
#: `--since`, but `--json` is not `--in`.
_CLOSE = 0.7


@contextmanager
def _closer_suggestions() -> Iterator[None]:
    """An unknown option gets a suggestion only from the command's own options, and only when
    it is close (Click offers any option within 0.6, dashes included: `--sort` → `--color`)."""
    try:
        yield
    except NoSuchOption as error:
        from ..names import closest

        own = [o for p in (error.ctx.command.params if error.ctx else []) for o in (*p.opts, *p.secondary_opts)]
        longs = {o.lstrip("-"): o for o in own if o.startswith("--")}
        guess = _OTHER_TOOLS.get(error.option_name)
        if guess not in own:
            found = closest(error.option_name.lstrip("-"), list(longs), cutoff=_CLOSE)
            guess = longs.get(found) if found else None
        error.possibilities = [guess] if guess else []
        raise


def _unexpected(error: Exception) -> int:
    """The exit code for any other exception: a failed write (a subcommand's help into a
    full disk) is reported as one; Click's own exceptions go on to Click; anything else is
    a bug, shown with FACTBOX_DEBUG=1."""
    from ..render.stream import output_failure

    failure = output_failure(error) if isinstance(error, OSError) else None
    if failure is None:
        if _click_exception(error) or os.environ.get("FACTBOX_DEBUG"):
            raise error
        _internal_error(error)
        return ExitCode.INTERNAL
    _silence_stdout()
    if isinstance(failure, OutputError):
        report(failure)
        return failure.exit_code
    return ExitCode.BROKEN_PIPE


def _click_exception(error: Exception) -> bool:
    return type(error).__module__.startswith("typer._click")


def _internal_error(error: Exception) -> None:
    sys.stderr.write(f"factbox: internal error: {type(error).__name__}: {error}\n"
                     "hint: run again with FACTBOX_DEBUG=1 for a traceback, and report it\n")


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def report(error: FactboxError) -> None:
    """An expected failure on stderr: its located problems, then one error line and a hint."""
    from ..render.sanitize import visible

    if isinstance(error, DataError):
        report_problems(error.problems)
    sys.stderr.write(f"factbox: error: {visible(error.message)}\n")
    if error.hint:
        sys.stderr.write(f"hint: {visible(error.hint)}\n")


def report_problems(problems: list[Problem]) -> None:
    """Located problems or warnings on stderr, one line each."""
    from ..render.sanitize import visible

    for problem in problems:
        sys.stderr.write(visible(str(problem)) + "\n")


def new_app(help: str | None = None, add_completion: bool = False) -> typer.Typer:
    """The only way to make an app or a sub-app (`app.add_typer(new_app(...), name=…)`):
    every group then converts its options without pydantic and reports errors alike."""
    return typer.Typer(
        cls=_Group,
        help=help,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        add_completion=add_completion,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = new_app(HELP, add_completion=True)


def _version(value: bool) -> None:
    if value:
        from ..render.stream import write_out

        write_out(f"factbox {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    pass


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command or group asked for: Typer builds every registered
    command's options on each run, which costs more than the command itself (the lazily
    loaded subcommands of Click's documentation). Help, completion and mistakes get the full app."""
    if os.environ.get("_FACTBOX_COMPLETE") or not args:
        return app
    commands = [c for c in app.registered_commands if _name(c) == args[0]]
    groups = [g for g in app.registered_groups if g.name == args[0]]
    if not commands and not groups:
        return app
    single = new_app(HELP)  # --install-completion is a root option: the full app has it
    single.registered_callback = app.registered_callback
    single.registered_commands = commands
    single.registered_groups = groups
    return single


def _name(command: Any) -> str:
    return str(command.name or (command.callback.__name__ if command.callback else ""))


def main() -> NoReturn:
    """Entry point: Typer's app, with Ctrl-C and a closed pipe ending quietly, and output that
    cannot be written (help or the version into a full disk, a closed stdout) one line."""
    try:
        _run(sys.argv[1:])
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(ExitCode.BROKEN_PIPE)
    except FactboxError as error:
        report(error)
        _silence_stdout()  # or the interpreter's own last flush fails again, with a traceback
        sys.exit(error.exit_code)
    sys.exit(ExitCode.OK)


def _run(args: list[str]) -> None:
    from ..render.stream import failures_reported, standard_output

    with failures_reported():
        stream = standard_output()
        try:
            app_for(args)(prog_name="factbox")
        finally:
            stream.flush()  # what Click printed (help) fails here, not after the exit status is set
