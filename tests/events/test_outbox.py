"""Emails go through an outbox written with the registration: never lost, retried when the mail server fails."""

from django.core.management import call_command

from panal.events import notifications
from panal.events.models import Notification


def test_emails_wait_in_the_outbox_until_sent(make_activity, register, mailoutbox, settings):
    settings.PANAL_JOBS_IMMEDIATE = False  # the sending job waits in the queue for a worker
    activity = make_activity(capacity=1)
    register(activity, "a@example.cl")
    register(activity, "b@example.cl")
    assert mailoutbox == []
    assert list(Notification.objects.order_by("id").values_list("kind", "sent_at")) == [
        ("confirmed", None),
        ("waitlisted", None),
    ]
    call_command("send_pending_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.cl", "b@example.cl"]
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_a_failing_mail_server_leaves_the_email_pending_for_a_retry(
    make_activity, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from panal.events import services

    activity = make_activity()

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("servidor de correo caído")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.register(activity_id=activity.pk, name="Ana", email="ana@example.cl")
    assert result.registration.status == "confirmed"  # the registration stands
    pending = Notification.objects.get()
    assert (pending.sent_at, pending.attempts, pending.claimed_by) == (None, 1, "")
    assert "servidor de correo caído" in pending.last_error

    assert notifications.send_all_pending() == 0  # not retried at once: it backs off
    monkeypatch.undo()
    Notification.objects.update(claimed_at=pending.claimed_at - notifications.STALE_CLAIM)  # time passes
    assert notifications.send_all_pending() == 1
    pending.refresh_from_db()
    assert pending.sent_at is not None
    assert [m.to for m in mailoutbox] == [["ana@example.cl"]]
