"""Where an option may be typed: the options every command shares work before the command too
(`factbox --data F -f json quotes` is `factbox quotes --data F -f json`, as with git and gh).

The root group moves them after the command's name before anything is parsed, so the command
reads them as its own: nothing is stored twice, and a new shared option (declared once in
`options.SHARED`) may be typed first with no further code."""

from typing import Any, get_args

from typer._click.exceptions import UsageError

from .options import SHARED


def shared_flags() -> dict[str, bool]:
    """Each spelling of a shared option ('--data', '-d') and whether it takes a value."""
    flags: dict[str, bool] = {}
    for annotation, _default in SHARED.values():
        kind, info = get_args(annotation)[:2]
        for flag in (info.default, *info.param_decls):
            if isinstance(flag, str) and flag.startswith("-"):
                flags[flag] = kind is not bool
    return flags


def _spelling(token: str) -> tuple[str, bool]:
    """'--data=F' → ('--data', True): the option typed, and whether its value is attached."""
    if token.startswith("--"):
        flag, equals, _ = token.partition("=")
        return flag, bool(equals)
    return token[:2], len(token) > 2


def after_command(group: Any, ctx: Any, args: list[str]) -> list[str]:
    """`args` with the shared options typed before the command moved to just after its name
    (after `cache info` for a sub-command); a single-valued one typed in both places is a
    usage error, a repeatable one (--data) gathers its values from both."""
    flags = shared_flags()
    start = 0
    while start < len(args) and args[start] != "--" and args[start].startswith("-"):
        flag, attached = _spelling(args[start])
        if flag not in flags:
            break
        start += 1 if attached or not flags[flag] else 2
    path, command = _command_path(group, ctx, args[start:])
    if not start or command is None:
        return args
    moved, rest = args[:start], args[start + len(path):]
    _refuse_repeats(command, ctx, path, moved, rest)
    return [*path, *moved, *rest]


def _command_path(group: Any, ctx: Any, args: list[str]) -> tuple[list[str], Any]:
    """The names that lead to the command run (['cache', 'info']), and that command."""
    path: list[str] = []
    command = group
    while hasattr(command, "get_command") and len(path) < len(args) and not args[len(path)].startswith("-"):
        command = command.get_command(ctx, args[len(path)])
        path.append(args[len(path)])
    return path, (None if command is group or hasattr(command, "get_command") else command)


def _refuse_repeats(command: Any, ctx: Any, path: list[str], moved: list[str], rest: list[str]) -> None:
    """Parsed as the command will parse them: an option that takes one value, given both
    before and after the command, would silently lose one of them."""
    probe = command.make_parser(type(ctx)(command, parent=ctx, info_name=path[-1], resilient_parsing=True))
    probe.ignore_unknown_options = True
    try:
        before = probe.parse_args(list(moved))[2]
        after = probe.parse_args(list(rest))[2]
    except UsageError:
        return  # the command's own parsing reports it, in its own words
    for param in before:
        if param.param_type_name == "option" and param in after and not param.multiple:
            raise UsageError(f"{' / '.join(param.opts)} is given both before and after the command; "
                             "give it once", ctx=ctx)
