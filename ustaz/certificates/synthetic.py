"""Synthetic certificates for benchmarks (bench/) and tests: fictional holders, real codes.

    writer.append(root, synthetic.certificates(1000))       (sealed rows, opened: each knows its code)
    list(render.render_many(synthetic.documents(1000), out_dir))
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import replace

from ..calendar import valid_until
from . import codes
from .register import Certificate
from .render import CertificateDocument, ModuleLine, verify_url

_SURNAMES = ("Әбілқасымова", "Нұрланов", "Жақсыбекова", "Серікбаев", "Өмірзақова", "Иванова", "Қасымов")
_NAMES = ("Әйгерім", "Ұлан", "Гүлнұр", "Ерлан", "Айгүл", "Мария", "Нұрсұлтан")
_PATRONYMICS = ("Серікқызы", "Бауыржанұлы", "Төлегенқызы", "Петровна", "")


def _code(rng: random.Random) -> str:
    data = "".join(codes.ALPHABET[rng.getrandbits(5)] for _ in range(codes.DATA_SYMBOLS))
    return data + codes.check_symbol(data)


def certificates(n: int, *, seed: int = 0, program: str = "robotics-basics", hours: int = 80,
                 valid_years: int = 3, revoked_every: int = 50) -> Iterator[Certificate]:
    """`n` fictional certificates, reproducible from `seed`; every `revoked_every`-th one is revoked."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 15)
    for i in range(n):
        ended = start + dt.timedelta(days=rng.randrange(0, 900))
        issued = ended + dt.timedelta(days=rng.randrange(0, 10))
        revoked = revoked_every > 0 and i % revoked_every == revoked_every - 1
        holder = f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)} {rng.choice(_PATRONYMICS)}".strip()
        cert = Certificate.issue(code=_code(rng), holder=holder, program=program,
                                 cohort=f"{issued.year}-{program[:2]}-{i // 25:05d}", hours=hours, course_ended=ended,
                                 issued=issued, valid_until=valid_until(issued, valid_years))
        if revoked:
            cert = cert.revoked(issued + dt.timedelta(days=30), "issued in error (synthetic)")
        yield replace(cert, path=f"data/certificates/{issued.year}.csv", line=i + 2)


def documents(n: int, *, seed: int = 0, site_url: str = "https://example.org/ustaz") -> Iterator[CertificateDocument]:
    """`n` certificate documents ready to render (for bench/: `render.render_many(documents(1000), out)`)."""
    modules = tuple(ModuleLine(title=f"Модуль {i + 1}: робототехника негіздері", theory=4, practice=10, independent=2)
                    for i in range(5))
    for cert in certificates(n, seed=seed, revoked_every=0):
        yield CertificateDocument(lang="kk", document="Сертификат", appendix="Сертификатқа қосымша",
                                  organisation="«Үлгі» біліктілікті арттыру орталығы (ойдан шығарылған)",
                                  director="Д. Директорова", holder=cert.holder, topic="Робототехника негіздері",
                                  hours=cert.hours, modules=modules, started=cert.course_ended - dt.timedelta(days=11),
                                  ended=cert.course_ended, issued=cert.issued, valid_until=cert.valid_until,
                                  code=cert.code, verify_url=verify_url(site_url, cert.code))
