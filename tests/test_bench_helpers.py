"""The bench's own helpers (bench/common.py, bench/growth.py): results.md keeps each bench's section, and the
growth table sets each size against the first."""

from bench import common, growth


def test_each_bench_keeps_the_other_benches_section(tmp_path):
    results = tmp_path / "results.md"
    common.write_section(results, "# make bench,", "# make bench, 1 May\n\n| a |\n")
    common.write_section(results, "# make bench-growth", "# make bench-growth, 1 May\n\nfirst\n")
    common.write_section(results, "# make bench,", "# make bench, 2 May\n\n| b |\n")
    common.write_section(results, "# make bench-growth", "# make bench-growth, 2 May\n\nsecond\n")

    assert results.read_text() == "# make bench, 2 May\n\n| b |\n\n# make bench-growth, 2 May\n\nsecond\n"


def test_percentile_is_the_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert common.percentile(values, 0.5) == 50
    assert common.percentile(values, 0.95) == 95
    assert common.percentile([3.0], 0.95) == 3


def test_growth_table_gives_ratios_to_the_first_size(monkeypatch):
    monkeypatch.setattr(growth, "ROWS", [("Search p50", "search ms", "ms"), ("Not measured", "none", "ms")])
    text = growth.table({100: {"search ms": 20.0}, 1000: {"search ms": 50.0}, 10000: {"search ms": 400.0}})

    assert text.splitlines()[0] == "| what | unit | 100 | 1,000 | × 100 | 10,000 | × 100 |"
    assert "| Search p50 | ms | 20.0 | 50.0 | 2.50 | 400 | 20.00 |" in text
    assert "| Not measured | ms | – | – | – | – | – |" in text


def test_nginx_stands_in_with_the_response_headers_but_writes_its_own():
    import pytest

    sent = [("Date", "Thu, 03 Dec 2026"), ("Content-Length", "3364"), ("ETag", '"1a41"'),
            ("Content-Encoding", "br"), ("Content-Security-Policy", "default-src 'none'"), ("X-Cache", "HIT")]  # fmt: skip
    lines = common.nginx_headers(sent).splitlines()
    assert [line.split()[1] for line in lines] == ["Content-Encoding", "Content-Security-Policy", "X-Cache"]
    assert """add_header Content-Security-Policy "default-src 'none'" always;""" in lines[1]
    with pytest.raises(ValueError):
        common.nginx_headers([("Link", '<x>; rel="preload"')])
