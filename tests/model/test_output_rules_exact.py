"""Which outputs a command may write (model/output_rules.py), each refusal said whole: the CLI tests check
the commands, these check every rule and its exact words, called directly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from intercept_mapper.model.output_rules import check_export_outputs, check_workshop_output
from intercept_mapper.model.problems import InputError

MARKER = b'{"format": "intercept-mapper", "version": 3}'


def refusals(call, *args, **kwargs) -> list[str]:  # noqa: ANN001
    """Every refusal as ``file: message`` (empty when the outputs may be written)."""
    try:
        call(*args, **kwargs)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_fresh_outputs_in_an_existing_folder_may_be_written(tmp_path: Path) -> None:
    outputs = [tmp_path / "a.pdf", tmp_path / "b.png"]
    assert refusals(check_export_outputs, outputs, [tmp_path / "w.simmap"]) == []
    assert refusals(check_workshop_output, tmp_path / "new.simmap", [], force=False) == []
    # An existing ordinary file (not a workshop) may be replaced by an export.
    (tmp_path / "old.pdf").write_bytes(b"%PDF old")
    assert refusals(check_export_outputs, [tmp_path / "old.pdf"], []) == []


def test_a_name_ending_in_a_slash_names_a_folder(tmp_path: Path) -> None:
    name = f"{tmp_path}/maps/"
    assert refusals(check_export_outputs, [name], []) == [f"{name}: names a folder, not a file"]
    assert refusals(check_workshop_output, name, [], force=True) == [f"{name}: names a folder, not a file"]
    if os.altsep:  # pragma: no cover - Windows only
        assert refusals(check_export_outputs, [f"{tmp_path}{os.altsep}"], [])


def test_a_folder_a_pipe_and_a_missing_folder_are_refused_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    missing = tmp_path / "nowhere" / "map.pdf"
    assert refusals(check_export_outputs, [folder, pipe, missing], []) == [
        f"{folder}: is a folder, not a file",
        f"{pipe}: is not a regular file (a device, pipe or socket); refusing to replace it",
        f"{missing}: cannot write: folder {tmp_path / 'nowhere'} does not exist",
    ]
    assert refusals(check_workshop_output, pipe, [], force=True) == [
        f"{pipe}: is not a regular file (a device, pipe or socket); refusing to replace it"]


def test_a_path_through_a_file_cannot_be_written_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    out = tmp_path / "file.txt" / "map.pdf"
    assert refusals(check_export_outputs, [out], []) == [f"{out}: cannot write: Not a directory"]


def test_a_relative_name_in_a_missing_folder_names_that_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert refusals(check_export_outputs, ["gone/map.pdf"], []) == [
        "gone/map.pdf: cannot write: folder gone does not exist"]
    assert refusals(check_export_outputs, ["map.pdf"], []) == []


def test_an_input_is_never_an_output_whatever_its_spelling(tmp_path: Path) -> None:
    source = tmp_path / "w.simmap"
    source.write_bytes(MARKER)
    (tmp_path / "sub").mkdir()
    os.link(source, tmp_path / "hard.pdf")
    (tmp_path / "soft.pdf").symlink_to(source)
    spellings = (source, tmp_path / "sub" / ".." / "w.simmap", tmp_path / "hard.pdf", tmp_path / "soft.pdf")
    for spelling in spellings:
        assert refusals(check_export_outputs, [spelling], [tmp_path / "other.csv", source]) == [
            f"{spelling}: refusing to write over the input file {source}"]
    # Not written yet, compared by where it would be: an input that does not exist is still an input.
    ghost = tmp_path / "ghost.csv"
    assert refusals(check_export_outputs, [tmp_path / "sub" / ".." / "ghost.csv"], [ghost]) == [
        f"{tmp_path / 'sub' / '..' / 'ghost.csv'}: refusing to write over the input file {ghost}"]
    assert refusals(check_workshop_output, source, [source], force=True) == [
        f"{source}: refusing to write over the input file {source}"]


def test_one_file_named_for_two_outputs_is_refused_once_for_each_repeat(tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    assert refusals(check_export_outputs, [a, tmp_path / "b.pdf", a, tmp_path / "." / "a.pdf"], []) == [
        f"{a}: the same file is named for two outputs",
        f"{tmp_path / '.' / 'a.pdf'}: the same file is named for two outputs",
        f"{tmp_path / '.' / 'a.pdf'}: the same file is named for two outputs",
    ]


def test_an_export_never_replaces_a_workshop_known_by_name_or_by_its_first_bytes(tmp_path: Path) -> None:
    says = "is a workshop file; an export never replaces one (choose another name)"
    by_name = tmp_path / "plain.SIMMAP"
    by_name.write_bytes(b"not json at all")
    backup = tmp_path / "w.simmap.bak"
    backup.write_bytes(b"x")
    by_marker = tmp_path / "renamed.pdf"
    by_marker.write_bytes(b" " * 4000 + MARKER)
    late_marker = tmp_path / "late.pdf"
    late_marker.write_bytes(b" " * 4096 + MARKER)  # past the first 4 KB: not a workshop's start
    link = tmp_path / "link.simmap"
    link.symlink_to(tmp_path / "target.pdf")
    (tmp_path / "target.pdf").write_bytes(b"%PDF")
    link_to_workshop = tmp_path / "out.pdf"
    link_to_workshop.symlink_to(by_name)
    assert refusals(check_export_outputs, [by_name, backup, by_marker, late_marker, link], []) == [
        f"{by_name}: {says}", f"{backup}: {says}", f"{by_marker}: {says}", f"{link}: {says}"]
    assert refusals(check_export_outputs, [link_to_workshop], []) == [f"{link_to_workshop}: {says}"]
    # A workshop name not written yet is no workshop to protect.
    assert refusals(check_export_outputs, [tmp_path / "fresh.simmap"], []) == []


def test_a_workshop_output_that_is_also_refused_otherwise_says_only_that(tmp_path: Path) -> None:
    source = tmp_path / "w.simmap"
    source.write_bytes(MARKER)
    assert refusals(check_export_outputs, [source], [source]) == [
        f"{source}: refusing to write over the input file {source}"]


def test_an_existing_workshop_is_replaced_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "w.simmap"
    out.write_bytes(MARKER)
    assert refusals(check_workshop_output, out, [], force=False) == [
        f"{out}: already exists; choose another name or pass --force "
        "(the old file is then kept as w.simmap.bak)"]
    assert refusals(check_workshop_output, out, [], force=True) == []
    # A link that points nowhere still names something that exists.
    dangling = tmp_path / "dangling.simmap"
    dangling.symlink_to(tmp_path / "gone.simmap")
    assert refusals(check_workshop_output, dangling, [], force=False) == [
        f"{dangling}: already exists; choose another name or pass --force "
        "(the old file is then kept as dangling.simmap.bak)"]


def test_with_force_the_backup_beside_the_real_file_is_held_to_the_same_rules(tmp_path: Path) -> None:
    real = tmp_path / "real" / "w.simmap"
    real.parent.mkdir()
    real.write_bytes(MARKER)
    link = tmp_path / "link.simmap"
    link.symlink_to(real)
    backup = tmp_path / "real" / "w.simmap.bak"
    # The backup goes beside the file the link points to, so that is the one that may not be an input.
    assert refusals(check_workshop_output, link, [backup], force=True) == [
        f"{backup}: refusing to write over the input file {backup}"]
    assert refusals(check_workshop_output, link, [tmp_path / "link.simmap.bak"], force=True) == []
    os.mkfifo(backup)
    assert refusals(check_workshop_output, link, [], force=True) == [
        f"{backup}: is not a regular file (a device, pipe or socket); refusing to replace it"]
    # Without force nothing is replaced, so the backup is not looked at.
    assert refusals(check_workshop_output, link, [backup], force=False) == [
        f"{link}: already exists; choose another name or pass --force (the old file is then kept as "
        "link.simmap.bak)"]


def test_a_file_that_cannot_be_read_is_not_taken_for_a_workshop(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from intercept_mapper.model import output_rules

    out = tmp_path / "locked.pdf"
    out.write_bytes(MARKER)

    def unreadable(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise PermissionError(13, "Permission denied")

    # Tests run as root here, so a file's mode cannot make it unreadable: the read is made to fail.
    monkeypatch.setattr(output_rules, "open", unreadable, raising=False)
    assert refusals(check_export_outputs, [out], []) == []
