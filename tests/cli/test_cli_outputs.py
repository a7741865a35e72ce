"""No command overwrites what it was not asked to: outputs against inputs (folders expanded, links, hard
links), existing workshops only with ``--force`` (kept as ``.bak``), never a device, pipe or folder."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.atomic_write import backup_path
from tests.rollup_communities import write_communities

SAMPLE = SAMPLES / "riverbend.simmap"
WORKSHEET = SAMPLES / "riverbend-worksheet.csv"
PEOPLE = SAMPLES / "riverbend-participants.csv"


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------------------- case 1: rollup --pdf
def test_rollup_pdf_never_replaces_a_community_inside_an_input_folder(cli, tmp_path: Path) -> None:  # noqa: ANN001
    files = write_communities(tmp_path / "counties")
    folder = files[0].parent
    before = snapshot(*files)
    result = cli("rollup", folder, "--pdf", folder / files[0].name)
    assert_clean_failure(result, names=files[0].name, before=before)
    assert "input" in result.err
    assert _names(folder) == sorted(p.name for p in files)  # no .bak, no temporary file


def test_rollup_pdf_is_checked_through_links_and_hard_links(cli, tmp_path: Path) -> None:  # noqa: ANN001
    files = write_communities(tmp_path / "counties")
    folder = files[0].parent
    linked_folder = tmp_path / "linked"
    linked_folder.symlink_to(folder, target_is_directory=True)
    other = tmp_path / "other"
    other.mkdir()
    hard = other / "adams-copy.pdf"
    os.link(files[0], hard)
    before = snapshot(*files)
    for output in (linked_folder / files[1].name, folder / ".." / "counties" / files[1].name, hard):
        result = cli("rollup", linked_folder, "--pdf", output)
        assert_clean_failure(result, names=output, before=before)
    result = cli("rollup", folder, "--pdf", other / "summary.pdf")  # a plain new file is fine
    assert result.code == 0, result.err
    assert (other / "summary.pdf").read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------------- case 2: import-worksheet
def test_import_worksheet_refuses_an_existing_workshop_without_force(cli, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "riverbend.simmap"
    shutil.copyfile(SAMPLE, target)  # years of work: plans, votes, participants
    before = snapshot(target)
    for _ in range(2):
        result = cli("import-worksheet", WORKSHEET, "--participants", PEOPLE, "-o", target)
        assert_clean_failure(result, names=target, before=before)
        assert "--force" in result.err
    assert _names(tmp_path) == ["riverbend.simmap"]


def test_import_worksheet_with_force_keeps_the_replaced_workshop_as_bak(cli, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "riverbend.simmap"
    shutil.copyfile(SAMPLE, target)
    original = target.read_bytes()
    result = cli("import-worksheet", WORKSHEET, "-o", target, "--force")
    assert result.code == 0, result.err
    assert backup_path(target).read_bytes() == original
    assert target.read_bytes() != original
    assert _names(tmp_path) == ["riverbend.simmap", "riverbend.simmap.bak"]


def test_new_and_import_worksheet_write_a_fresh_file_without_force(cli, tmp_path: Path) -> None:  # noqa: ANN001
    assert cli("new", tmp_path / "a.simmap").code == 0
    assert cli("import-worksheet", WORKSHEET, "-o", tmp_path / "b.simmap").code == 0
    assert _names(tmp_path) == ["a.simmap", "b.simmap"]


def test_force_never_lets_the_backup_replace_an_input(cli, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "x.simmap"
    shutil.copyfile(SAMPLE, target)
    sheet = backup_path(target)  # a worksheet that happens to sit where the backup would go
    shutil.copyfile(WORKSHEET, sheet)
    before = snapshot(target, sheet)
    result = cli("import-worksheet", sheet, "-o", target, "--force")
    assert_clean_failure(result, names=sheet, before=before)


# ------------------------------------------------------------------ exports never replace a workshop
def test_export_never_replaces_a_workshop_it_was_not_given(cli, tmp_path: Path) -> None:  # noqa: ANN001
    source = tmp_path / "a.simmap"
    shutil.copyfile(SAMPLE, source)
    other = tmp_path / "b.simmap"
    shutil.copyfile(SAMPLE, other)
    renamed = tmp_path / "keep.json"  # a workshop under another name: known by its format marker
    shutil.copyfile(SAMPLE, renamed)
    link = tmp_path / "map.svg"
    link.symlink_to(other)  # writing "map.svg" would write through to b.simmap
    kept = backup_path(other)  # the previous version of b.simmap
    shutil.copyfile(SAMPLE, kept)
    before = snapshot(source, other, renamed, kept)
    for flag, output in (("--svg", other), ("--worksheet", renamed), ("--svg", link), ("--svg", kept)):
        result = cli("export", source, flag, output)
        assert_clean_failure(result, names=output, before=before)
        assert "workshop" in result.err


# ---------------------------------------------------------------- case 3: outputs that are not files
def _specials(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a socket and a folder, plus a null device when running as root."""
    specials = {"fifo": tmp_path / "pipe.simmap", "folder": tmp_path / "folder.simmap"}
    os.mkfifo(specials["fifo"])
    specials["folder"].mkdir()
    sock = socket.socket(socket.AF_UNIX)
    specials["socket"] = tmp_path / "sock.simmap"
    sock.bind(str(specials["socket"]))
    sock.close()
    if os.geteuid() == 0:  # a device of our own, never the real /dev/null
        specials["device"] = tmp_path / "null.simmap"
        os.mknod(specials["device"], stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return specials


def _kinds(paths: dict[str, Path]) -> dict[str, int]:
    return {name: stat.S_IFMT(os.lstat(p).st_mode) for name, p in paths.items()}


@pytest.mark.parametrize("command", ["new", "import-worksheet", "export", "rollup"])
def test_an_output_that_is_not_a_regular_file_is_refused(cli, tmp_path: Path, command: str) -> None:  # noqa: ANN001
    source = tmp_path / "in" / "a.simmap"
    source.parent.mkdir()
    shutil.copyfile(SAMPLE, source)
    specials = _specials(tmp_path)
    kinds = _kinds(specials)
    for name, output in specials.items():
        args = {
            "new": ("new", output, "--force"),
            "import-worksheet": ("import-worksheet", WORKSHEET, "-o", output, "--force"),
            "export": ("export", source, "--svg", output),
            "rollup": ("rollup", source, "--pdf", output),
        }[command]
        result = cli(*args)
        assert result.code == 1, (name, result.err)
        assert result.error_lines and all(line.startswith("error: ") for line in result.error_lines)
        assert str(output) in result.err, result.err
    assert _kinds(specials) == kinds  # each still a pipe, socket, folder or device
    assert not backup_path(specials["fifo"]).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_backup_that_would_replace_a_pipe_is_refused(cli, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "x.simmap"
    shutil.copyfile(SAMPLE, target)
    os.mkfifo(backup_path(target))
    before = snapshot(target)
    result = cli("new", target, "--force")
    assert_clean_failure(result, names=backup_path(target), before=before)
    assert stat.S_ISFIFO(os.lstat(backup_path(target)).st_mode)


# ---------------------------------------------------------------------- case 8: inputs that mislead
def test_rollup_skips_a_pipe_given_as_an_input_instead_of_hanging(tmp_path: Path) -> None:
    from test_cli_subprocess import run

    files = write_communities(tmp_path / "counties")
    pipe = tmp_path / "pipe.simmap"
    os.mkfifo(pipe)
    proc = run("rollup", pipe, files[0], "--json", cwd=tmp_path)  # hung forever before (timeout: 120 s)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [f"warning: {pipe}: not a regular file"]
    alone = run("rollup", pipe, cwd=tmp_path)
    assert alone.returncode == 1
    assert alone.stderr.splitlines() == [f"error: {pipe}: not a regular file"]


def test_compare_across_intercept_schemes_warns_that_moves_look_closed_and_new(cli, tmp_path: Path) -> None:  # noqa: ANN001
    import json

    from intercept_mapper.model import Finding, new_workshop
    from intercept_mapper.model.simmap_file import save_workshop

    old = new_workshop("five-intercept", "Lake County SIM", "Lake County")
    old.findings.append(Finding(id="g1", kind="gap", intercept="1", title="No crisis line"))
    new = new_workshop("samhsa", "Lake County SIM", "Lake County")  # re-imported: new ids
    new.findings.append(Finding(id="g9", kind="gap", intercept="0", title="No crisis line"))
    save_workshop(old, tmp_path / "2026.simmap")
    save_workshop(new, tmp_path / "2027.simmap")
    result = cli("compare", tmp_path / "2026.simmap", tmp_path / "2027.simmap")
    assert result.code == 0, result.err
    assert "Gaps closed (1)" in result.out and "New gaps (1)" in result.out
    [warning] = result.error_lines
    assert warning.startswith("warning: the files use different intercept schemes")
    assert "five-intercept, intercepts 1, 2, 3, 4, 5" in warning and "samhsa, intercepts 0," in warning
    data = json.loads(cli("compare", tmp_path / "2026.simmap", tmp_path / "2027.simmap", "--json").out)
    assert data["warnings"] == [warning.removeprefix("warning: ")]
    same = cli("compare", tmp_path / "2027.simmap", tmp_path / "2027.simmap")
    assert same.code == 0 and same.err == ""


def test_a_name_ending_in_a_slash_is_a_folder_not_a_file(cli, tmp_path: Path) -> None:  # noqa: ANN001
    source = tmp_path / "a.simmap"
    shutil.copyfile(SAMPLE, source)
    before = snapshot(source)
    for args in (("export", source, "--svg", f"{tmp_path}/map.svg/"), ("new", f"{tmp_path}/b.simmap/"),
                 ("import-worksheet", WORKSHEET, "-o", f"{tmp_path}/c.simmap/")):
        result = cli(*args)
        assert_clean_failure(result, names=args[-1], before=before)
    assert _names(tmp_path) == ["a.simmap"]
