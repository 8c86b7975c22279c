"""Reading an author's reply: is it an answer to a suggestion, and which one (P-6)?

An answer's first line (after any quoted lines) starts with a keyword of `vocab.ANSWER_KEYWORDS`:
`Accepted` / `Қабылданды` / `Принято` …, or `Rejected:` / `Қабылданбады:` / `Отклонено:` … followed by
the justification. Case and a trailing full stop do not matter; a rejection without a justification is
recognised but does not count as an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import ANSWER_KEYWORDS, Response

# `#discussion_r123` (a review comment), `#issuecomment-123`, `#pullrequestreview-123`
_LINK = re.compile(r"#(?:discussion_r|issuecomment-|pullrequestreview-)(\d+)")
# a link to the suggestion answered: it says which suggestion, and is not part of the justification
_REF = re.compile(r"(?:https?://\S*)?#(?:discussion_r|issuecomment-|pullrequestreview-)\d+")
_LEAD = re.compile(r"^(?:@[\w-]+[\s,:]*)*[*_]*\s*")  # mentions and emphasis before the keyword
_SPACES = re.compile(r"\s+")
_KEYWORDS = sorted(((word.casefold(), response) for response, words in ANSWER_KEYWORDS.items()
                    for word in words.values()), key=lambda kw: -len(kw[0]))


@dataclass(frozen=True, kw_only=True)
class Answer:
    response: Response
    justification: str  # '' for an acceptance, and for a rejection that gives no reason
    quoted: str  # the text the reply quotes ("> …" lines), normalised; '' if none
    links: frozenset[int]  # ids of the comments the reply links to

    @property
    def valid(self) -> bool:
        return self.response is Response.ACCEPTED or bool(self.justification)


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def parse_answer(body: str) -> Answer | None:
    """The answer in a reply, or None if the reply does not start with a keyword."""
    lines = body.replace("\r\n", "\n").split("\n")
    quoted: list[str] = []
    i = 0
    while i < len(lines) and (lines[i].lstrip().startswith(">") or not lines[i].strip()):
        if lines[i].lstrip().startswith(">"):
            quoted.append(lines[i].lstrip()[1:].strip())
        i += 1
    if i == len(lines):
        return None
    first = _LEAD.sub("", lines[i].strip())  # "@teacher **Accepted**" reads as "Accepted**"
    rest = "\n".join(lines[i + 1:]).strip()
    folded = first.casefold()
    for word, response in _KEYWORDS:
        if not folded.startswith(word):
            continue
        tail = first[len(word):]
        if tail and tail[0].isalnum():
            continue  # "Acceptedly", "Принятое": not the keyword
        links = frozenset(int(m) for m in _LINK.findall(body))
        if response is Response.ACCEPTED:
            return Answer(response=response, justification="", quoted=normalise(" ".join(quoted)), links=links)
        stripped = tail.lstrip("*_ ")
        reason = ""
        if stripped.startswith(":"):
            reason = "\n".join(part for part in (stripped[1:].strip(), rest) if part).strip()
            reason = _REF.sub("", reason).strip()
            if not reason.strip(" .,;:-—()"):
                reason = ""  # punctuation alone is not a reason
        return Answer(response=response, justification=reason, quoted=normalise(" ".join(quoted)), links=links)
    return None
