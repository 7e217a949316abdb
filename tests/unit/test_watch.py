"""The preview's file watcher: operating-system events, one rebuild per save, scratch files ignored."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from generator.watch import EventWatcher


def _run(
    tmp_path: Path, edit: str, at_once: bool = False, rename_from: str = "", changed: bool = True
) -> tuple[list[str], list[tuple[str | None, float | None]]]:
    """Watch content/ and themes/ (one shared task, as serve does), make an edit, and return the
    tasks run and what examine() told livereload."""
    (tmp_path / "content").mkdir()
    (tmp_path / "themes").mkdir()
    runs: list[str] = []
    told: list[tuple[str | None, float | None]] = []
    watcher = EventWatcher()

    def rebuild() -> bool:
        runs.append("rebuild")
        return changed  # (False: the rebuild found nothing a page shows had changed)

    watcher.watch(str(tmp_path / "content"), rebuild, 0.2)
    watcher.watch(str(tmp_path / "themes"), rebuild, 0.2)

    finished: list[bool] = []

    async def scenario() -> None:
        assert watcher.start(lambda: told.append(watcher.examine()))
        if not at_once:
            await asyncio.sleep(0.8)  # after the pass made once the watches are in place
            runs.clear()
            told.clear()
        target = tmp_path / edit
        if rename_from:  # the way gedit and Sublime save: a hidden file, then a rename
            (tmp_path / rename_from).write_text("---\nname: Siti Aminah\n---\n")
            (tmp_path / rename_from).rename(target)
        else:
            target.write_text("---\nname: Siti Aminah\n---\n")  # created, modified, closed
        # Moves are reported once both halves arrive; a loaded machine may take seconds.
        for _ in range(100):
            if runs:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # a second, unwanted rebuild would come within this
        finished.append(True)

    # A thread of its own: an event loop left current by another test must not matter.
    runner = threading.Thread(target=asyncio.run, args=(scenario(),))
    try:
        runner.start()
        runner.join(timeout=30)
    finally:
        watcher.stop()
    assert finished, "the scenario did not run to its end"
    return runs, told


def test_a_save_runs_the_rebuild_once(tmp_path: Path) -> None:
    runs, told = _run(tmp_path, "content/siti.md")
    assert runs == ["rebuild"]  # not once per event, not once per watched folder
    assert told[0] == (str(tmp_path / "content" / "siti.md"), 0.2)


def test_editor_scratch_files_are_ignored(tmp_path: Path) -> None:
    runs, told = _run(tmp_path, "content/.siti.md.swp")
    assert runs == [] and told == []


def test_a_save_while_the_watches_are_set_up_is_not_lost(tmp_path: Path) -> None:
    runs, _ = _run(tmp_path, "content/siti.md", at_once=True)
    assert runs  # the pass made once the watches are in place saw it


def test_a_save_through_a_hidden_temporary_file_counts(tmp_path: Path) -> None:
    runs, told = _run(tmp_path, "content/siti.md", rename_from="content/.goutputstream-X1")
    assert runs == ["rebuild"]
    assert told[0][0] == str(tmp_path / "content" / "siti.md")


def test_a_rebuild_that_changed_nothing_reloads_no_page(tmp_path: Path) -> None:
    """The pass made once the watches are in place finds, most often, what the first build did:
    a reload then would only cut short what the pages were loading."""
    runs, told = _run(tmp_path, "content/siti.md", at_once=True, changed=False)
    assert runs and told and all(t == (None, None) for t in told)
