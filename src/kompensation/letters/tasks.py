"""Letter work that runs after commit, in the task worker (`python -m kompensation.manage db_worker`)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task()
def render_letter(letter_id: int) -> bool:
    """Render one sent letter's PDF; does nothing if it is already rendered."""
    return services.letter_render(letter_id=letter_id)


@task()
def letters_render_missing(min_age_minutes: int = 5) -> int:
    """django-tasks 0.12 does not retry a failed task: this sweep queues every sent letter without a PDF."""
    letter_ids = services.letters_missing_pdf(min_age=dt.timedelta(minutes=min_age_minutes))
    for letter_id in letter_ids:
        render_letter.enqueue(letter_id)
    return len(letter_ids)
