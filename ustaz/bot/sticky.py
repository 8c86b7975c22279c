"""Keeping one comment of the bot's, found by a hidden marker, up to date (create once, then edit)."""

from __future__ import annotations

from collections.abc import Sequence

from .service import Comment, GitHubService


def sticky(comments: Sequence[Comment], marker: str) -> Comment | None:
    # only the bot's own comments: anyone can paste the marker, nobody else's comment may be edited
    ours = [c for c in comments if c.author_is_bot and marker in c.body]
    return ours[0] if ours else None


def sync_comment(svc: GitHubService, number: int, comments: Sequence[Comment], marker: str, body: str,
                 changes: list[str]) -> None:
    existing = sticky(comments, marker)
    if existing is None:
        svc.create_comment(number, body)
        changes.append(f"commented on #{number}")
    elif existing.body.strip() != body.strip():
        svc.edit_comment(existing.id, body)
        changes.append(f"updated the comment on #{number}")


def sync_labels(svc: GitHubService, number: int, family: Sequence[str], want: str | None, changes: list[str]) -> None:
    """Exactly `want` of the labels in `family` (none if want is None); other labels are left alone."""
    have = svc.labels(number)
    for label in family:
        if label in have and label != want:
            svc.remove_label(number, label)
            changes.append(f"removed label {label!r} from #{number}")
    if want is not None and want not in have:
        svc.add_labels(number, [want])
        changes.append(f"added label {want!r} to #{number}")
