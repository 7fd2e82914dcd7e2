"""Instance-wide state: whether this database holds illustrative (demo) data."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.storage import RandomPath

_CACHE_KEY = "ntm:instance-state"


class DataKind(models.TextChoices):
    EMPTY = "empty", _("Empty")
    DEMO = "demo", _("Illustrative data")
    REAL = "real", _("Real data")


class InstanceState(models.Model):
    """A single row recording what kind of data this installation holds; demo and real data never mix."""

    data_kind = models.CharField(
        _("data kind"), max_length=8, choices=DataKind.choices, default=DataKind.EMPTY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instance state")
        verbose_name_plural = _("instance state")

    def __str__(self) -> str:
        return self.get_data_kind_display()

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(_CACHE_KEY)

    @classmethod
    def current(cls) -> InstanceState:
        state, _created = cls.objects.get_or_create(pk=1)
        return state

    @classmethod
    def is_demo(cls) -> bool:
        cached = cache.get(_CACHE_KEY)
        if cached is None:
            cached = cls.current().data_kind == DataKind.DEMO
            cache.set(_CACHE_KEY, cached, 300)
        return cached


class Attachment(models.Model):
    """An uploaded file with what the upload said about it. Abstract: a subclass adds its owner and sets where
    the file goes by redefining ``file`` (``upload_to``). ``ntm.core.uploads.attach`` checks and fills one."""

    file = models.FileField(_("file"), upload_to=RandomPath("files"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("file type"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An in-app notification of any app, also sent by e-mail when the user has an address (see
    ``ntm.core.notifications.notify``). ``key`` makes reminders idempotent: one notification per user and key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.text
