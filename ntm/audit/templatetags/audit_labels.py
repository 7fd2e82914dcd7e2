"""The audit log in words a person reads, in a template: ``{% action_label entry %}``, ``{% field_label entry name %}``
(the logic is in ``ntm.audit.labels``, shared with the Excel export)."""

from django import template

from ntm.audit import labels

register = template.Library()
register.simple_tag(labels.action_label, name="action_label")
register.simple_tag(labels.field_label, name="field_label")
