"""Review at scale: a generated diff of ``--items`` items (default 60,000), then

* the review server: start (reading diff.json once), the first page, page 2 of the conflicts,
  a filtered and an amount-sorted query, ``/api/items`` and ``/api/counts`` — wall times over HTTP;
* the static report: pages written, the largest page, total size and the time to write it.

The items are made up (municipality ``Gemeinde 000123`` with a made-up AGS, one evidence sentence
each, 40 % conflicts, 30 % new, 20 % confirmed, 5 % rejected, 5 % unseen) so that the diff has
the size of a 100k-document run without running the pipeline. Timing is wall time of one process
on a shared machine: run it several times and compare medians.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "tests"))

from review_data import synthetic_items  # noqa: E402  (the generator the review tests use)

from extract.diff_files import write_diff  # noqa: E402
from extract.registry import init_registry  # noqa: E402
from extract.report import write_report  # noqa: E402
from extract.review_index import build_index  # noqa: E402
from extract.review_server import make_server, serve_in_thread  # noqa: E402


def _get(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as resp:
        body = resp.read()
    return time.perf_counter() - start, len(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=60_000, help="diff items to generate (default 60000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pressextract-bench-review-") as tmp:
        folder = Path(tmp)
        items = synthetic_items(args.items)
        reg = folder / "registry.db"
        init_registry(reg).close()
        t0 = time.perf_counter()
        write_diff(items, folder / "diff", dataset="synthetic", registry=str(reg))
        t_diff = time.perf_counter() - t0
        size = (folder / "diff" / "diff.json").stat().st_size
        print(f"items {len(items)}; diff.json {size / 1e6:.1f} MB written in {t_diff:.1f} s")
        t0 = time.perf_counter()
        index = build_index(folder / "diff", items, {"dataset": "synthetic", "registry": str(reg)})
        print(f"review index (as `pressextract diff` writes it): {index.stat().st_size / 1e6:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        server = make_server(reg, folder / "diff", port=0)
        t_start = time.perf_counter() - t0
        serve_in_thread(server)
        try:
            print(f"review server start (opens the index): {t_start:.2f} s")
            for label, path in (
                ("first page (conflicts, page 1)", ""),
                ("first page again", ""),
                ("conflicts page 2", "?status=conflict&page=2"),
                ("municipality filter", "?status=all&municipality=Gemeinde%200012"),
                ("search + sort by amount", "?status=all&q=klimaschutz&sort=amount"),
                ("newest first, page 40", "?sort=newest&page=40"),
                ("/api/items?status=conflict&page=2", "api/items?status=conflict&page=2"),
                ("/api/counts", "api/counts?status=conflict"),
            ):
                seconds, n = _get(server.url + path)
                print(f"  {label}: {seconds * 1000:.0f} ms ({n / 1000:.0f} kB)")
            print(f"first page within 2 s of starting the server: {t_start + _get(server.url)[0]:.2f} s")
        finally:
            server.shutdown()
            server.server_close()

        t0 = time.perf_counter()
        paths = write_report(items, folder / "report", dataset="synthetic", registry=str(reg))
        t_report = time.perf_counter() - t0
        pages = [p for name, p in paths.items() if name.endswith(".html")]
        sizes = [p.stat().st_size for p in pages]
        print(f"static report: {len(pages)} page(s), largest {max(sizes) / 1e6:.2f} MB, total "
              f"{sum(sizes) / 1e6:.1f} MB, written in {t_report:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
