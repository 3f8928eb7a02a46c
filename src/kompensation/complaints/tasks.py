"""Complaint work that runs after commit, in the task worker (`python -m kompensation.manage db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .services import forwarding


@task()
def build_package(complaint_id: int) -> bool:
    """Build one forwarded complaint's package for Ankestyrelsen; does nothing if it exists."""
    return forwarding.complaint_package_build(complaint_id=complaint_id)


@task()
def packages_build_missing() -> int:
    """django-tasks 0.12 does not retry: this sweep queues every forwarded complaint without its package."""
    complaint_ids = forwarding.complaints_missing_package()
    for complaint_id in complaint_ids:
        build_package.enqueue(complaint_id)
    return len(complaint_ids)
