"""bench.scale's report as a table: one column per backend, one row per figure."""

from __future__ import annotations

from collections.abc import Iterator

from bench import scale_meaning


def table(report: dict) -> Iterator[str]:
    sizes = f"{report['sentences']:,} sentences, {report['documents']:,} documents"
    loop = f"a 5M-step Python loop took {report['python_loop_ms']} ms"
    yield f"{sizes} ({report.get('text', 'generated')}), {report['machine']}; {loop}"
    yield f"{'':<34}" + "".join(f"{name:>20}" for name in report["backends"])
    rows = [
        ("ingest sentences/s", lambda r: f"{r['ingest']['sentences_per_s']:,}"),
        ("ingest docs/s", lambda r: f"{r['ingest']['docs_per_s']:,}"),
        ("ingest CPU s (sentences/CPU s)", _cpu_cell),
        ("database MB", lambda r: f"{r['size_mb']:,}"),
        ("memory index build s", lambda r: str(r["memory_index_build_s"])),
        *(
            (f"{label} p50/p95/p99 ms", lambda r, c=key: "/".join(str(r[c][p]) for p in PCT))
            for label, key in (
                ("/claim", "claim"),
                ("/who", "who"),
                ("/figures", "figures"),
                ("/claim, database", "claim_database"),
                ("/figures, database", "figures_database"),
            )
        ),
        ("/claim recall@5", lambda r: str(r["claim"]["recall@5"])),
        ("/claim recall@5, database", lambda r: str(r["claim_database"]["recall@5"])),
        ("/claim, CLI --batch ms a query", lambda r: str(r["claim_cli_batch"]["ms_per_query"])),
        ("/claim recall@5, CLI --batch", lambda r: str(r["claim_cli_batch"]["recall@5"])),
        ("claim p50 speed-up vs brute", lambda r: f"{r['speedup']}x"),
        ("claim p95 speed-up vs brute", lambda r: f"{r['speedup_p95']}x"),
        ("peak RSS MB", lambda r: str(r["peak_rss_mb"])),
        ("peak RSS MB of ingest (all procs: RSS summed; PSS summed)", _ingest_rss_cell),
        ("peak RSS MB after each phase", _phases_cell),
    ]
    if any("meaning" in r for r in report["backends"].values()):
        rows += scale_meaning.rows()
    for label, cell in rows:
        yield f"{label:<34}" + "".join(f"{cell(r):>20}" for r in report["backends"].values())
    brute = report["brute_force"]
    yield (
        f"brute force token_set_ratio ({brute['queries']} queries): p50 {brute['p50']} ms, "
        f"p95 {brute['p95']} ms, recall@5 {brute['recall@5']}"
    )


PCT = ("p50", "p95", "p99")


def _ingest_rss_cell(result: dict) -> str:
    found = result["ingest"]
    summed = f"{found.get('all_processes_rss_mb')}; {found.get('all_processes_pss_mb')}"
    return f"{found.get('peak_rss_mb')} ({summed})"


def _phases_cell(result: dict) -> str:
    """This process's peak after ingest, the database queries, the memory index build,
    /claim, /who and /figures: where the whole run's peak was reached."""
    return "/".join(str(mb) for mb in result.get("peak_rss_mb_after", {}).values())


def _cpu_cell(result: dict) -> str:
    cpu, rate = result["ingest"].get("cpu_s"), result["ingest"].get("sentences_per_cpu_s")
    return f"{cpu} ({rate:,})" if cpu else "n/a"
