"""Audit entries read as words: the action by its object and verb, a changed field by its label."""

from django.template import Context, Template

from ntm.audit.models import AuditEntry


def render(entry, text):
    return Template("{% load audit_labels %}" + text).render(Context({"entry": entry})).strip()


def test_actions_and_fields_are_shown_in_words():
    entry = AuditEntry(action="indicator_value.verified", object_type="assessment.indicatorvalue")
    assert render(entry, "{% action_label entry %}") == "Giá trị chỉ tiêu: đã xác nhận"
    assert render(entry, "{% field_label entry 'verified_by' %}") != "verified_by"
    saved = AuditEntry(action="programme.manager_save", object_type="programme.manager")
    assert render(saved, "{% action_label saved %}".replace("saved", "entry")).endswith(": đã lưu")


def test_an_unknown_action_or_field_shows_its_code():
    entry = AuditEntry(action="thing.frobnicate", object_type="nowhere.thing")
    assert render(entry, "{% action_label entry %}") == "thing.frobnicate"
    assert render(entry, "{% field_label entry 'x_y' %}") == "x_y"
