"""nns/, report/ and docs/ are swapped in together, through one link (pipelines/refresh/publish.py)."""

import os

from pipelines.refresh.publish import publish_exports


def build(folder, marker: str):
    for name in ("nns", "report", "docs"):
        (folder / name).mkdir(parents=True)
        (folder / name / "index.html").write_text(f"{name} {marker}", encoding="utf-8")
    return folder


def test_one_rename_switches_all_three_and_old_folders_go(tmp_path):
    exports = tmp_path / "exports"
    legacy = exports / ".nns-0123456789abcdef"  # published before the links went through .published
    legacy.mkdir(parents=True)
    (legacy / "manifest.json").write_text("{}", encoding="utf-8")
    (exports / "nns").symlink_to(legacy.name)

    first = publish_exports(build(tmp_path / "next1", "one"), exports)
    for name in ("nns", "report", "docs"):
        assert os.readlink(exports / name) == f".published/{name}"
        assert (exports / name / "index.html").read_text(encoding="utf-8") == f"{name} one"
    assert not legacy.exists()

    second = publish_exports(build(tmp_path / "next2", "two"), exports)
    assert second != first and not first.exists()
    assert os.readlink(exports / ".published") == second.name
    assert [(exports / n / "index.html").read_text(encoding="utf-8") for n in ("nns", "report", "docs")] == [
        "nns two",
        "report two",
        "docs two",
    ]
    assert sorted(p.name for p in exports.iterdir()) == sorted(
        [".published", second.name, "nns", "report", "docs"]
    )
