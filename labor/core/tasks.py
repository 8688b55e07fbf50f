"""Background tasks of the kernel (django-tasks; the database backend's worker runs them:
``manage.py db_worker``)."""

from django_tasks import task

from labor.core.models import ImportBatch


@task()
def import_batch_task(batch_id: int) -> dict:
    """Run a confirmed import batch. A batch already taken (a task delivered twice) is left
    alone, so the import happens once."""
    from labor.core.imports.services import import_batch_run

    # Claim the batch in one statement: of two deliveries of the same task, one runs it.
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status=ImportBatch.Status.PENDING
    ).update(status=ImportBatch.Status.RUNNING)
    batch = ImportBatch.objects.select_related("started_by").get(pk=batch_id)
    if not claimed:
        return {"batch": batch_id, "status": batch.status, "skipped": True}
    outcome = import_batch_run(batch=batch)
    return {
        "batch": batch_id, "status": batch.status, "created": outcome.created,
        "updated": outcome.updated, "unchanged": outcome.unchanged, "invalid": outcome.invalid,
    }
