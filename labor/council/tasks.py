"""Background rendering of the council report (django-tasks; ``manage.py db_worker`` runs it,
tests use the immediate backend)."""

from django_tasks import task

from .models import ReportFile


@task()
def render_report_task(report_file_id: int) -> dict:
    """Render a queued ReportFile. One already taken (a task delivered twice) is left alone."""
    from .services import report_file_render

    claimed = ReportFile.objects.filter(
        pk=report_file_id, status=ReportFile.Status.PENDING
    ).update(status=ReportFile.Status.RUNNING, progress=5)
    report_file = ReportFile.objects.select_related("created_by").get(pk=report_file_id)
    if not claimed:
        return {"report_file": report_file_id, "status": report_file.status, "skipped": True}
    report_file_render(report_file)
    return {"report_file": report_file_id, "status": report_file.status}
