"""Synthetic certificates for benchmarks (bench/) and tests: fictional holders, real codes.

    lookup.build(synthetic.certificates(1_000_000), site_dir, as_of=…, programs={})
    list(render.render_many(synthetic.documents(1000), out_dir))
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from ..calendar import valid_until
from . import codes
from .register import Certificate, Status
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
        code = _code(rng)
        yield Certificate(code=code, shown_code=codes.display(code), program=program,
                          cohort=f"{issued.year}-{program[:2]}-{i // 25:05d}", holder=holder, hours=hours,
                          course_ended=ended, issued=issued, valid_until=valid_until(issued, valid_years),
                          status=Status.REVOKED if revoked else Status.ISSUED,
                          revoked_on=issued + dt.timedelta(days=30) if revoked else None,
                          revoked_reason="issued in error (synthetic)" if revoked else "",
                          path=f"data/certificates/{issued.year}.csv", line=i + 2)


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
