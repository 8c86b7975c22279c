"""C-16, C-20: a batch of certificates rendered over several processes gives the same PDFs, in order,
as rendering them one by one."""

from __future__ import annotations

from pathlib import Path

from ustaz.certificates import render, synthetic


def test_parallel_batch_gives_the_same_pdfs_in_order(tmp_path: Path) -> None:
    docs = list(synthetic.documents(render.PARALLEL_FROM))
    serial = list(render.render_many(docs, tmp_path / "serial", workers=1))
    parallel = list(render.render_many(docs, tmp_path / "parallel", workers=2))
    assert [p.name for p in serial] == [p.name for p in parallel]
    assert len({p.name for p in serial}) == len(docs)
    for a, b in zip(serial, parallel, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes().startswith(b"%PDF")
