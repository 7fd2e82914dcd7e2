"""Instance-wide state: whether this database holds illustrative (demo) data."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

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
