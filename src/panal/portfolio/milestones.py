"""The project's milestones (hitos), kept by the agency's staff from the shared project page: they add one, change
its title or due date, and mark it done (on a date) or pending again. The grantee reads them on the same page. A
closed project takes no change. Each write locks the project row first and is audited as `portfolio.milestone.*`."""

from django.db import transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError

from .funding import clean_date
from .grantee import _require_staff
from .models import Milestone, Project
from .services import _lock, _open

MAX_TITLE = 200
STATUSES = {"pending": "Pendiente", "done": "Cumplido"}


def _title(value) -> str:
    title = (value or "").replace("\x00", "").strip()
    if not title:
        raise DomainError("Escriba la descripción del hito.", field="title")
    if len(title) > MAX_TITLE:
        raise DomainError(f"La descripción del hito puede tener hasta {MAX_TITLE} caracteres.", field="title")
    return title


def _due(value, project: Project):
    if value in (None, ""):
        raise DomainError("Escriba la fecha comprometida del hito.", field="due_on")
    due = clean_date(value, "due_on", "La fecha comprometida del hito")
    start = project.starts_on or project.awarded_on
    if start and due < start:
        raise DomainError(
            f"La fecha comprometida del hito no puede ser anterior al inicio del proyecto ({start:%d-%m-%Y}).",
            field="due_on",
        )
    return due


def _writable(project: Project, actor) -> Project:
    project = _lock(project)
    _require_staff(actor, project)
    _open(project)
    return project


def _locked_milestone(milestone: Milestone, actor) -> tuple[Project, Milestone]:
    project = _writable(milestone.project, actor)
    return project, Milestone.objects.select_for_update().get(pk=milestone.pk, project=project)


@transaction.atomic
def add_milestone(*, project: Project, actor, title, due_on) -> Milestone:
    project = _writable(project, actor)
    title, due = _title(title), _due(due_on, project)
    same = Milestone.objects.filter(project=project, title=title, due_on=due).first()
    if same is not None:
        return same  # the same milestone sent again (a double click): the project keeps one
    keys = Milestone.objects.filter(project=project, key__startswith="hito-").values_list("key", flat=True)
    number = max((int(k[5:]) for k in keys if k[5:].isdigit()), default=0) + 1
    milestone = Milestone.objects.create(project=project, key=f"hito-{number}", title=title, due_on=due)
    audit.record(
        actor=actor, action="portfolio.milestone.added", obj=project, after={"milestone": milestone.pk, "title": title}
    )
    return milestone


@transaction.atomic
def edit_milestone(*, milestone: Milestone, actor, title, due_on) -> Milestone:
    project, milestone = _locked_milestone(milestone, actor)
    title, due = _title(title), _due(due_on, project)
    before = {"title": milestone.title, "due_on": milestone.due_on.isoformat()}
    milestone.title, milestone.due_on = title, due
    milestone.save(update_fields=["title", "due_on"])
    audit.record(
        actor=actor,
        action="portfolio.milestone.edited",
        obj=project,
        before={"milestone": milestone.pk, **before},
        after={"milestone": milestone.pk, "title": title, "due_on": due.isoformat()},
    )
    return milestone


@transaction.atomic
def mark_milestone(*, milestone: Milestone, actor, status: str, done_on=None) -> Milestone:
    """Done on a date (today if none is given; never in the future) or pending again."""
    project, milestone = _locked_milestone(milestone, actor)
    if status not in STATUSES:
        raise DomainError("Elija el estado del hito: pendiente o cumplido.", field="status")
    done = None
    if status == "done":
        today = timezone.localdate()
        done = today if done_on in (None, "") else clean_date(done_on, "done_on", "La fecha de cumplimiento del hito")
        if done > timezone.localdate():
            raise DomainError("La fecha de cumplimiento del hito no puede ser futura.", field="done_on")
    before = milestone.done_on.isoformat() if milestone.done_on else None
    milestone.done_on = done
    milestone.save(update_fields=["done_on"])
    audit.record(
        actor=actor,
        action="portfolio.milestone.marked",
        obj=project,
        before={"milestone": milestone.pk, "done_on": before},
        after={"milestone": milestone.pk, "status": status, "done_on": done.isoformat() if done else None},
    )
    return milestone
