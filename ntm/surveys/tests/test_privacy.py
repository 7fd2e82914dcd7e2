"""Answers cannot be linked to households: checked on the models' fields, not only on behaviour."""

import uuid

import pytest
from django.db import models

from ntm.surveys.models import Answer, AnswerItem, Household, PaperDraft, Receipt
from ntm.surveys.services.answers import answer_submit
from ntm.surveys.tests.factories import all_satisfied

IDENTITY_MODELS = {Household, Receipt, PaperDraft}


def _relations(model):
    return {field.name: field.related_model for field in model._meta.get_fields() if field.is_relation}


def test_answer_has_a_random_key_a_date_only_and_no_link_to_a_household():
    pk = Answer._meta.pk
    assert isinstance(pk, models.UUIDField) and pk.default is uuid.uuid4
    relations = _relations(Answer)
    assert not IDENTITY_MODELS & set(relations.values()), relations
    assert {name for name, model in relations.items() if model is not AnswerItem} == {"campaign", "hamlet"}
    concrete = {field.name: type(field) for field in Answer._meta.concrete_fields}
    assert concrete == {
        "id": models.UUIDField,
        "campaign": models.ForeignKey,
        "hamlet": models.ForeignKey,
        "answered_on": models.DateField,
        "channel": models.CharField,
    }
    assert not any(
        isinstance(f, models.DateTimeField | models.TimeField) for f in Answer._meta.concrete_fields
    )


def test_answer_items_link_only_to_their_answer_and_question_without_a_sequence():
    relations = _relations(AnswerItem)
    assert set(relations) == {"answer", "question"}
    assert not any(
        isinstance(f, models.AutoField | models.BigAutoField) for f in AnswerItem._meta.concrete_fields
    )


def test_the_identity_side_records_only_that_a_household_answered():
    for model in IDENTITY_MODELS:
        linked = set(_relations(model).values())
        assert Answer not in linked and AnswerItem not in linked, model
    assert [f.name for f in Receipt._meta.concrete_fields] == ["household"]
    assert not any(isinstance(f, models.DateField) for f in Household._meta.concrete_fields)
    assert not any(isinstance(f, models.DateField) for f in Receipt._meta.concrete_fields)


@pytest.mark.django_db
def test_a_stored_answer_carries_nothing_of_the_household(survey):
    household = survey.households[4]
    answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    answer = Answer.objects.get()
    values = {str(getattr(answer, f.attname)) for f in Answer._meta.concrete_fields}
    for secret in (
        str(household.pk),
        household.code,
        household.token(),
        household.token_hash,
        household.head_name,
    ):
        assert secret not in values
