from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django_q.models import Failure

from .audit_actions import action_label


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("El correo electrónico es obligatorio.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account; people log in with their email. Roles are Django groups (see core.roles)."""

    username = None
    email = models.EmailField("correo electrónico", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"

    def __str__(self) -> str:
        return self.email


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, before/after, why. Never edited or deleted."""

    created_at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("actor (texto)", max_length=200, blank=True)
    action = models.CharField("acción", max_length=100, db_index=True)
    object_type = models.CharField("tipo de objeto", max_length=100, db_index=True)
    object_id = models.CharField("id del objeto", max_length=64, db_index=True)
    object_repr = models.CharField("objeto", max_length=300, blank=True)
    before = models.JSONField("antes", null=True, blank=True)
    after = models.JSONField("después", null=True, blank=True)
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "registro de auditoría"
        verbose_name_plural = "registro de auditoría"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d-%m-%Y %H:%M} · {self.action_label} · {self.object_repr or self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("El registro de auditoría no se modifica: agregue una nueva entrada.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("El registro de auditoría no se borra.")

    @property
    def action_label(self) -> str:
        return action_label(self.action)


class DeadLetter(Failure):
    """A background job that failed on every attempt (panal.core.jobs): what staff review and re-queue."""

    class Meta:
        proxy = True
        verbose_name = "trabajo fallido"
        verbose_name_plural = "trabajos fallidos"
