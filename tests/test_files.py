"""Files written whole (sevenminute/files.py): the old file or the new one, never half; the
file keeps its permissions; nothing is left behind when writing fails."""

from __future__ import annotations

import os
import stat

import pytest

from sevenminute.files import replace_file, replacing


def test_a_new_file_is_readable_by_all_and_a_replaced_one_keeps_its_mode(tmp_path):
    new = tmp_path / "folder" / "new.yaml"
    replace_file(new, "title: Child Z\n")
    assert new.read_text() == "title: Child Z\n"
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not the 0600 of a temporary file
    os.chmod(new, 0o664)  # a team's shared folder
    replace_file(new, b"title: Child Z (revised)\n")
    assert new.read_bytes() == b"title: Child Z (revised)\n"
    assert stat.S_IMODE(new.stat().st_mode) == 0o664
    assert sorted(p.name for p in new.parent.iterdir()) == ["new.yaml"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "evidence.sqlite"
    target.write_bytes(b"the old copy")
    with pytest.raises(RuntimeError), replacing(target) as partial:
        partial.write_bytes(b"half of the new")
        raise RuntimeError("the disk filled up")
    assert target.read_bytes() == b"the old copy"
    assert [p.name for p in tmp_path.iterdir()] == ["evidence.sqlite"]
