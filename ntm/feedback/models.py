"""Citizen feedback: a problem or suggestion about NTM results, sent by anyone, answered by the commune.

The citizen's tracking code is never stored, only its hash (``ntm.feedback.rules``). Items are never deleted: an
answer, the "handled" mark and the escalation to the province are recorded on the item and in the audit log.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath


class Category(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Roads, irrigation and other infrastructure")
    ENVIRONMENT = "environment", _("Environment and clean water")
    PRODUCTION = "production", _("Production and income")
    SOCIAL = "social", _("Culture, education and health")
    SECURITY = "security", _("Security and public order")
    ADMINISTRATION = "administration", _("Administration and public services")
    RESULTS = "results", _("Criteria results and recognition")
    OTHER = "other", _("Other")


class FeedbackState(models.TextChoices):
    NEW = "new", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered by the commune")
    HANDLED = "handled", _("Handled")


class FeedbackQuerySet(ScopedQuerySet):
    def waiting(self) -> FeedbackQuerySet:
        return self.filter(state=FeedbackState.NEW)


class Feedback(models.Model):
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    hamlet = models.ForeignKey(
        "units.Hamlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hamlet"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    text = models.TextField(_("content"))
    contact = models.CharField(_("contact (optional)"), max_length=150, blank=True)
    photo = models.FileField(_("photo"), upload_to=RandomPath("feedback"), blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=FeedbackState.choices, default=FeedbackState.NEW
    )
    submitted_at = models.DateTimeField(_("sent at"))
    due_on = models.DateField(_("answer due by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the province at"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen feedback")
        verbose_name_plural = _("citizen feedback")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()} ({self.unit.name})"


class Holiday(models.Model):
    """A public holiday (or a day off the province declares): not a working day when answer deadlines are counted
    in working days (``NTM_FEEDBACK_DAY_KIND=working``). Kept by the coordination office; a deadline already set
    is not recounted when the list changes."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
