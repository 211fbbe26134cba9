"""Progress lines: plain and periodic when stderr is not a terminal, counting annotated documents."""

from __future__ import annotations

import io
from pathlib import Path

from extract.pipeline import process
from extract.progress import Progress


def test_progress_prints_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = Progress(10, True, stream=stream, every=0.0)
    bar.update(4)
    bar.update(6)
    bar.finish()
    text = stream.getvalue()
    lines = text.splitlines()
    assert "\r" not in text
    assert lines[0].startswith("pressextract: 4/10 documents, ") and " docs/s, ETA " in lines[0]
    assert lines[-1].startswith("pressextract: 10/10 documents, ") and lines[-1].endswith("ETA 0m00s")


def test_progress_stays_quiet_between_intervals_and_counts_failed_documents_at_the_end() -> None:
    stream = io.StringIO()
    bar = Progress(5, True, stream=stream, every=3600.0)
    bar.update(3)
    assert stream.getvalue() == ""  # no line per document in a log file
    bar.finish()  # two documents failed before annotation
    assert stream.getvalue().splitlines() == [stream.getvalue().splitlines()[0]]
    assert stream.getvalue().startswith("pressextract: 5/5 documents, ")


def test_a_run_logs_one_final_line_when_stderr_is_a_file(tmp_path: Path, capsys) -> None:
    for i, town in enumerate(("Neuss", "Brühl", "Detmold")):
        (tmp_path / f"pm{i}.txt").write_text(f"{town}, 3. März 2021. Die Stadt {town} erhält 45.000 Euro.",
                                             encoding="utf-8")
    (tmp_path / "leer.txt").write_text("", encoding="utf-8")
    process([str(tmp_path)], model="blank", progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err
    assert [line.split(",")[0] for line in err.splitlines() if line.startswith("pressextract: ")] == [
        "pressextract: 4/4 documents"]
