"""writing.atomic: the one way factbox replaces a file (in-process, on real files)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factbox.errors import ExitCode, OutputError
from factbox.writing.atomic import may_replace, read_for_update, write_file


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_file(tmp_path / "new.yaml", b"a: 1\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.yaml").read_bytes() == b"a: 1\n"
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]


def test_an_existing_file_keeps_its_permissions_and_a_link_is_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    assert write_file(link, b"new\n") == real.resolve()
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_file_changed_underneath_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"first\n")
    _, snapshot = read_for_update(path)
    path.write_bytes(b"someone else's edit\n")
    with pytest.raises(OutputError, match="changed while factbox was working on it") as raised:
        write_file(path, b"mine\n", expected=snapshot)
    assert raised.value.exit_code == ExitCode.NOT_WRITTEN
    assert path.read_bytes() == b"someone else's edit\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml"]


def test_the_same_bytes_under_a_new_identity_count_as_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"first\n")
    _, snapshot = read_for_update(path)
    (tmp_path / "copy").write_bytes(b"first\n")
    os.replace(tmp_path / "copy", path)
    write_file(path, b"mine\n", expected=snapshot)
    assert path.read_bytes() == b"mine\n"


def test_the_force_rule(tmp_path: Path) -> None:
    path = tmp_path / "out.html"
    may_replace(path, force=False)
    path.write_text("x")
    with pytest.raises(OutputError, match="already exists") as raised:
        may_replace(path, force=False)
    assert raised.value.hint == "use --force to replace it"
    may_replace(path, force=True)
    may_replace(path, force=False, is_ours=lambda p: p.read_text() == "x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "f.yaml").write_bytes(b"old\n")
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match=r"cannot write .*Permission denied"):
            write_file(folder / "f.yaml", b"new\n")
    finally:
        folder.chmod(0o755)
    assert (folder / "f.yaml").read_bytes() == b"old\n"


def test_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_file(tmp_path / "nowhere" / "f.yaml", b"x")


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_write_leaves_the_old_file_or_the_new_one(tmp_path: Path, signal_number: int) -> None:
    """A child process writes 64 MiB and is signalled while it writes: afterwards the file
    is whole (old or new) and no temporary file is left."""
    path = tmp_path / "f.yaml"
    path.write_bytes(b"old\n")
    script = textwrap.dedent(f"""
        import os, sys
        from factbox.writing import atomic
        real = atomic._write_all
        def slow(descriptor, data):
            sys.stdout.write("writing\\n"); sys.stdout.flush()
            real(descriptor, data)
        atomic._write_all = slow
        atomic.write_file({str(path)!r}, b"n" * (64 << 20))
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None and child.stdout.readline() == b"writing\n"
    child.send_signal(signal_number)
    child.wait(timeout=60)
    assert path.read_bytes() in (b"old\n", b"n" * (64 << 20))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml"]
