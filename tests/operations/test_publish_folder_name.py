"""The published folder is named by the files it holds, so a build of hard links only is the one published."""

import os

from pipelines.refresh.publish import prepare_folder


def _build(root, name: str, files: dict[str, str]):
    folder = root / name
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


def test_a_build_of_hard_links_to_the_published_files_is_the_published_folder(tmp_path):
    link = tmp_path / ".published"
    published = prepare_folder(
        _build(tmp_path, "first", {"nns/a.csv": "1;2\n", "report/index.html": "<p>"}), link
    )
    again = tmp_path / "again"
    for path in published.rglob("*"):
        if path.is_file():
            (again / path.relative_to(published)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, again / path.relative_to(published))
    assert prepare_folder(again, link) == published
    assert not again.exists()  # the build was removed, the published folder kept


def test_a_file_written_again_with_the_same_bytes_makes_a_new_folder(tmp_path):
    link = tmp_path / ".published"
    files = {"nns/a.csv": "1;2\n", "report/index.html": "<p>"}
    published = prepare_folder(_build(tmp_path, "first", files), link)
    rewritten = prepare_folder(_build(tmp_path, "second", files), link)
    assert rewritten != published
    assert rewritten.name.startswith(".published-")
    assert (rewritten / "nns" / "a.csv").read_text(encoding="utf-8") == "1;2\n"
